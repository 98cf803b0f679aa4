import { loadModelData } from './model-data';
import { getModelFamily } from '../engine/training/model-families';
const task = (process.argv[2] ?? 'classification') as 'classification' | 'regression';
const family = getModelFamily(process.argv[3] ?? 'gradient_boosting')!;
const d = loadModelData(task);
const data = { task, columns: d.train.columns, rows: d.train.rows, y: d.train.y, classes: task === 'classification' ? 2 : 0, seed: 0 };
const p = family.params.parse(JSON.parse(process.argv[4] ?? '{}'));
const t0 = performance.now(); const c0 = process.cpuUsage();
const art = await family.fit(data as any, p, { signal: new AbortController().signal, progress() {}, curve(c) { if (c.step % 20 === 0) console.log(c); } });
const t1 = performance.now(); const c1 = process.cpuUsage(c0);
const pred = await family.predict(art, d.test.columns, d.test.rows);
const t2 = performance.now();
let acc = 0;
if (task === 'classification') { for (let r = 0; r < d.test.rows; r++) acc += ((pred[2 * r + 1] > 0.5 ? 1 : 0) === d.test.y[r]) ? 1 : 0; acc /= d.test.rows; }
else { let m = 0; for (let r = 0; r < d.test.rows; r++) m += d.test.y[r]; m /= d.test.rows; let ss = 0, st = 0; for (let r = 0; r < d.test.rows; r++) { ss += (pred[r] - d.test.y[r]) ** 2; st += (d.test.y[r] - m) ** 2; } acc = 1 - ss / st; }
console.log({ fit: (t1 - t0) / 1000, cpu: (c1.user + c1.system) / 1e6, predictRowsPerS: d.test.rows / ((t2 - t1) / 1000), score: acc, nodes: (art as any).feature.length });
