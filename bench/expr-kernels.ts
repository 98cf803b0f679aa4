/** Micro-benchmark of expression kernels on 1M rows (not part of `npm run bench`): npx tsx bench/expr-kernels.ts */
import { checkExpression, evaluateExpression } from '../engine/expr/index';
import { tableSchema } from '../engine/table-ops';
import type { Table } from '../engine/table';
const n = 1_000_000;
const dict = Array.from({ length: 50 }, (_, i) => `Cat ${i}`);
const t: Table = { rowCount: n, columns: [
  { kind: 'number', name: 'a', values: Float64Array.from({ length: n }, (_, i) => (i % 97 === 0 ? NaN : i * 0.5)) },
  { kind: 'number', name: 'b', values: Float64Array.from({ length: n }, (_, i) => i % 13) },
  { kind: 'category', name: 'c', codes: Int32Array.from({ length: n }, (_, i) => i % 50), dictionary: dict },
] };
for (const src of ['a * 2 + b', "if(a > 1000 and lower(c) == 'cat 3', sqrt(a) / (b + 1), coalesce(a, 0))", "contains(c, '1')"]) {
  const checked = checkExpression(src, tableSchema(t));
  const times: number[] = [];
  for (let k = 0; k < 7; k++) { const s = performance.now(); evaluateExpression(checked, t, 'z'); times.push(performance.now() - s); }
  times.sort((x, y) => x - y);
  console.log(`${src}: median ${times[3].toFixed(1)} ms on 1M rows`);
}
