import { readFileSync } from 'node:fs';
import { parseCsv } from '../engine/io/csv';
import { applyImpute, fitImpute } from '../engine/kernels/impute';
import { applyStandardScale, fitStandardScale } from '../engine/kernels/standard-scale';
import { applyOneHot, fitOneHot } from '../engine/kernels/one-hot';
import { filterRows } from '../engine/kernels/filter-rows';
import { splitRows } from '../engine/kernels/split-rows';
const t0 = parseCsv(readFileSync('/tmp/pipewright-bench-1000000x17-s7.csv'));
for (let r = 0; r < 3; r++) {
  const times: string[] = [];
  let t = performance.now();
  const lap = (name: string) => { const n = performance.now(); times.push(`${name} ${(n - t).toFixed(0)}`); t = n; };
  const s1 = fitImpute(t0, { columns: [], strategy: 'mean' }); lap('fitImpute');
  const a = applyImpute(t0, s1); lap('applyImpute');
  const s2 = fitStandardScale(a, { columns: [] }); lap('fitScale');
  const b = applyStandardScale(a, s2); lap('applyScale');
  const s3 = fitOneHot(b, { columns: ['region', 'device', 'plan'] }); lap('fitOneHot');
  const c = applyOneHot(b, s3); lap('applyOneHot');
  const d = filterRows(c, { combine: 'and', conditions: [{ column: 'x0', op: 'gte', value: -1.5 }] }); lap('filter');
  splitRows(d, { testFraction: 0.2, seed: 42 }); lap('split');
  console.log(times.join(' | '));
}
