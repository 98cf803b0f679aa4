import { formatMetricValue as fmt, isBetter, lowerIsBetter } from './metric-direction';
import { metricLabel } from './metric-label';

/** A model's promotion gates (models.gate_*): a bound on one metric and/or beating production on it. */
export type PromotionGates = { metric: string | null; minimum: number | null; mustBeatProduction: boolean };
export type GatedVersion = { version: number; metrics: Record<string, number> };

/**
 * Why `candidate` may not become the production version, one sentence per failing gate saying by how
 * much it fell short; empty when it may. A production version without the metric cannot be beaten or
 * lost to, so that gate passes (the first production version of a model, or one registered without it).
 */
export function checkPromotionGates(gates: PromotionGates, candidate: GatedVersion, production?: GatedVersion | null): string[] {
  const { metric } = gates;
  if (!metric || (gates.minimum === null && !gates.mustBeatProduction)) return [];
  const value = candidate.metrics[metric];
  if (value === undefined || !Number.isFinite(value)) {
    return [`Version ${candidate.version} has no ${metricLabel(metric)} metric, which this model's gate reads. Register a version from a run whose Evaluate node reports ${metricLabel(metric)}, or change the gate's metric.`];
  }
  const failures: string[] = [];
  const lower = lowerIsBetter(metric);
  const name = metricLabel(metric);
  if (gates.minimum !== null) {
    const short = lower ? value - gates.minimum : gates.minimum - value;
    if (short > 0) {
      failures.push(`${name} ${fmt(value)} is ${fmt(short)} ${lower ? 'above' : 'below'} the gate's ${lower ? 'maximum' : 'minimum'} ${fmt(gates.minimum)}.`);
    }
  }
  const theirs = production?.metrics[metric];
  if (gates.mustBeatProduction && production && production.version !== candidate.version && theirs !== undefined && Number.isFinite(theirs)) {
    if (!isBetter(metric, value, theirs)) {
      const gap = Math.abs(value - theirs);
      const how = gap === 0 ? 'only equals it' : `is ${fmt(gap)} ${lower ? 'higher' : 'lower'}`;
      failures.push(`${name} ${fmt(value)} does not beat production version ${production.version}'s ${fmt(theirs)}: it ${how} (${lower ? 'lower' : 'higher'} is better).`);
    }
  }
  return failures;
}

/** Checks gate settings before they are saved; returns what is wrong, or null. */
export function checkGateSettings(gates: PromotionGates): string | null {
  if (!gates.metric && (gates.minimum !== null || gates.mustBeatProduction)) return 'Pick the metric the gates read (e.g. accuracy or rmse).';
  if (gates.minimum !== null && !Number.isFinite(gates.minimum)) return 'The gate bound must be a finite number, e.g. 0.9.';
  return null;
}
