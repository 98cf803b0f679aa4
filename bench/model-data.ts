import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The model benchmark's rows, generated once by scikit-learn (bench/model-data.py) so ours and the
 * Python peers fit exactly the same data and split. Features come column-major, as ModelFamily.fit takes them.
 */
export type ModelTask = 'classification' | 'regression';
export type BenchSet = { columns: Float64Array[]; rows: number; y: Int32Array | Float64Array };
export type BenchData = { directory: string; train: BenchSet; test: BenchSet };

const HERE = dirname(fileURLToPath(import.meta.url));
export const MODEL_DATA_DIR = '/tmp/pipewright-bench-models';

/** Writes the .npy files with /usr/bin/python3 when they are not there; a string says why it could not. */
export function ensureModelData(python = '/usr/bin/python3'): string | undefined {
  if (existsSync(join(MODEL_DATA_DIR, 'regression', 'y_test.npy'))) return undefined;
  if (!existsSync(python)) return `${python} is missing; install python3-sklearn to generate the model benchmark data`;
  try {
    execFileSync(python, [join(HERE, 'model-data.py'), MODEL_DATA_DIR], { stdio: ['ignore', 'pipe', 'pipe'] });
    return undefined;
  } catch (error) {
    return `${error instanceof Error ? error.message.split('\n')[0] : String(error)}; install python3-sklearn to generate it`;
  }
}

/** A little-endian .npy of float64 or int32, 1-D or 2-D C-order (what model-data.py writes). */
function readNpy(path: string): { data: Float64Array | Int32Array; shape: number[] } {
  const bytes = readFileSync(path);
  const headerLength = bytes.readUInt16LE(8);
  const header = bytes.subarray(10, 10 + headerLength).toString('latin1');
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const shape = (/'shape':\s*\(([^)]*)\)/.exec(header)?.[1] ?? '').split(',').filter((s) => s.trim() !== '').map(Number);
  const body = bytes.subarray(10 + headerLength);
  const copy = new Uint8Array(body.length);
  copy.set(body);
  if (descr === '<f8') return { data: new Float64Array(copy.buffer), shape };
  if (descr === '<i4') return { data: new Int32Array(copy.buffer), shape };
  throw new Error(`${path}: unexpected dtype ${descr}`);
}

function readSet(directory: string, part: 'train' | 'test'): BenchSet {
  const x = readNpy(join(directory, `x_${part}.npy`));
  const y = readNpy(join(directory, `y_${part}.npy`)).data;
  const [rows, features] = x.shape;
  const columns = Array.from({ length: features }, () => new Float64Array(rows));
  for (let i = 0; i < rows; i++) for (let j = 0; j < features; j++) columns[j][i] = x.data[i * features + j];
  return { columns, rows, y };
}

export function loadModelData(task: ModelTask): BenchData {
  const directory = join(MODEL_DATA_DIR, task);
  return { directory, train: readSet(directory, 'train'), test: readSet(directory, 'test') };
}
