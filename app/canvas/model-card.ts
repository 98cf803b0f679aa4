import type { DatasetLineage, RunLineage } from '../../engine/define-node';
import { getModelFamily, learningCurveName } from '../../engine/training/model-families';
import { familySchema } from './model-fields';
import { describeModel } from './node-outputs';
import { humanizeChoice } from './param-fields';
import { choicesOf, titleOf, type ParamSchema } from './param-schema';
import { formatCount } from '../../engine/format-count';

/**
 * The facts of a trained model's card, read from Train's run summary (engine/io/serialize.ts), defensive
 * about shape: summaries written before a field existed simply lack that line.
 */
export type ModelCardFacts = {
  model: string;
  /** The rows its learning curve is measured on: 'Training', or 'Out-of-bag' for a bootstrapped forest. */
  curveName: string;
  hyperparameters: { label: string; value: string }[];
  training: string[];
  trainedOn: string[];
  run?: string;
  trainedAt?: string;
};

export function modelCardOf(outputs: Record<string, unknown> | undefined): ModelCardFacts | undefined {
  const summary = Object.values(outputs ?? {}).find((v) => (v as { kind?: unknown } | null)?.kind === 'model') as Record<string, unknown> | undefined;
  if (!summary || typeof summary.algorithm !== 'string') return undefined;
  const lineage = summary.lineage as RunLineage | undefined;
  return {
    model: describeModel(summary.algorithm, summary.task)!,
    curveName: learningCurveName(summary.algorithm, summary.hyperparameters),
    hyperparameters: describeHyperparameters(summary.algorithm, summary.hyperparameters),
    training: trainingLines(summary.training),
    trainedOn: Array.isArray(lineage?.datasets) ? lineage.datasets.map(describeDataset) : [],
    ...(lineage && typeof lineage.runNumber === 'number' ? { run: `Run #${lineage.runNumber} of ${lineage.pipelineName} (pipeline version ${lineage.pipelineVersion})` } : {}),
    ...(lineage && typeof lineage.at === 'string' ? { trainedAt: lineage.at } : {}),
  };
}

/** A model's settings as its family's form names them ("C (inverse regularisation)", not C), in the form's order. */
export function describeHyperparameters(algorithm: string, values: unknown): ModelCardFacts['hyperparameters'] {
  if (!values || typeof values !== 'object') return [];
  const family = getModelFamily(algorithm);
  const props = family ? (familySchema(family).properties ?? {}) : {};
  const given = values as Record<string, unknown>;
  // In the order the settings form lists them, then any the family no longer declares.
  const keys = [...Object.keys(props).filter((key) => key in given), ...Object.keys(given).filter((key) => !(key in props))];
  return keys.map((key) => ({ label: titleOf(key, props[key] ?? {}), value: formatValue(given[key], props[key]) }));
}

function trainingLines(training: unknown): string[] {
  const t = (training ?? {}) as { seed?: unknown; validationFraction?: unknown; classWeights?: unknown; crossValidation?: unknown };
  const lines: string[] = [];
  if (typeof t.seed === 'number') lines.push(`Seed ${t.seed}`);
  if (typeof t.validationFraction === 'number' && t.validationFraction > 0) lines.push(`${Math.round(t.validationFraction * 100)}% held out for validation`);
  if (t.classWeights === 'balanced') lines.push('Balanced class weights');
  if (typeof t.crossValidation === 'number' && t.crossValidation >= 2) lines.push(`${t.crossValidation}-fold cross-validation`);
  return lines;
}

/** "flowers v3 (60 rows, sha256 1a2b3c4d…)", "Palmer penguins sample", a URL with its body's checksum. */
export function describeDataset(d: DatasetLineage): string {
  const sum = (sha: string | undefined) => (sha ? `sha256 ${sha.slice(0, 8)}…` : undefined);
  if (d.source === 'upload') return `${d.name} v${d.version} (${[`${formatCount(d.rows)} rows`, sum(d.sha256)].join(', ')})`;
  if (d.source === 'sample') return `sample ${d.name} (${sum(d.sha256)})`;
  const checksum = sum(d.sha256);
  return checksum ? `${d.url} (${checksum})` : d.url;
}

/** A value as the settings form shows it: a choice by its label ("Gini", not "gini"), a count grouped. */
function formatValue(value: unknown, prop: ParamSchema | undefined): string {
  if (value === null || value === undefined) return 'none';
  if (typeof value === 'string' && prop && choicesOf(prop)?.includes(value)) return humanizeChoice(value);
  if (typeof value === 'number' && Number.isInteger(value)) return formatCount(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.map((v) => (v && typeof v === 'object' ? Object.values(v).join(' ') : String(v))).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
