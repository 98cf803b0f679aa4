import { describe, expect, it } from 'vitest';
import { regressionReport } from '../training/metrics/regression-report';
import { summarizeMetrics, SUMMARY_SCATTER_POINTS } from './summarize-metrics';

describe('summarizeMetrics', () => {
  const n = 5000;
  const truth = Float64Array.from({ length: n }, (_, i) => (i % 50 === 0 ? 0 : Math.sin(i) * 100));
  const predicted = Float64Array.from(truth, (v, i) => v + Math.cos(i));
  const report = regressionReport(truth, predicted, 1);

  it('keeps the report bounded: 1,000 plotted rows, a note for the zero targets MAPE skipped', () => {
    expect(report.curves?.scatter?.x).toHaveLength(1000);
    expect(report.curves?.residuals?.y).toHaveLength(1000);
    expect(report.notes).toEqual(['MAPE leaves out 100 rows whose target is 0 (a percentage of 0 is undefined).']);
  });

  it('sends the canvas fewer, rounded points and the same scores', () => {
    const summary = summarizeMetrics(report);
    expect(summary.metrics).toEqual(report.metrics);
    expect(summary.curves?.scatter?.x).toHaveLength(SUMMARY_SCATTER_POINTS);
    expect(summary.curves?.scatter?.x.every((v) => Number(v.toPrecision(4)) === v)).toBe(true);
    expect(JSON.stringify(summary).length).toBeLessThan(JSON.stringify(report).length / 3);
  });
});
