/**
 * Loads TensorFlow.js once per process: `@tensorflow/tfjs-node` when it is installed (native,
 * fastest), otherwise `@tensorflow/tfjs` on the wasm backend (about 3× the cpu backend here).
 * Only training/prediction code imports this, and only dynamically, so the browser bundle that
 * imports the node registry never pulls in TensorFlow or Node builtins.
 */
export type Tf = typeof import('@tensorflow/tfjs');

let loading: Promise<Tf> | undefined;

export function loadTf(): Promise<Tf> {
  loading ??= initializeTf();
  return loading;
}

async function initializeTf(): Promise<Tf> {
  const nativeSpecifier = '@tensorflow/tfjs-node';
  try {
    // A variable specifier keeps bundlers and the type checker from requiring the optional package.
    return (await import(/* @vite-ignore */ nativeSpecifier)) as Tf;
  } catch {
    // Not installed: fall through to wasm.
  }
  const tf = await import('@tensorflow/tfjs');
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  if (typeof process !== 'undefined' && process.versions?.node) {
    wasm.setWasmPaths(await findNodeWasmDir());
  }
  if (!(await tf.setBackend('wasm'))) await tf.setBackend('cpu');
  await tf.ready();
  return tf;
}

/** In Node the wasm binaries are read from the package's dist folder (a path prefix ending in '/'). */
async function findNodeWasmDir(): Promise<string> {
  const { createRequire } = await import('node:module');
  const { dirname, join } = await import('node:path');
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/';
}
