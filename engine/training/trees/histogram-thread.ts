import { parentPort, receiveMessageOnPort } from 'node:worker_threads';
import { HistogramMemory } from './histogram-memory';
import { createLoss, gradientBlock } from './boosting-loss';
import { ALL_ROWS, CHUNKS, SPIN_LOADS, claimChunks, END, FAILED, FINISHED, GROUP, JOB, KIND, readJob, SEQ, START, STOP, type HistogramThreadInit, type SharedHistogram } from './histogram-thread-protocol';
import { runChunk, type ChunkContext } from './node-job';

/**
 * A histogram thread: sleeps on the control array until a job is posted, claims chunks of it alongside the
 * fitting thread (a node job's features, or gradients' row blocks), and sleeps again. New histograms arrive on its port and are read
 * synchronously when a job names one it has not seen (the thread never returns to its event loop).
 */
const ANNOUNCE_MS = 10_000;

parentPort!.once('message', (init: HistogramThreadInit) => {
  const { control, rows, features } = init;
  const columns = Array.from({ length: features }, (_, f) => init.data.subarray(f * rows, (f + 1) * rows));
  const wasm = init.memory && HistogramMemory.attach(init.memory);
  const loss = createLoss(init.loss);
  const target = { weight: init.weight, sums: init.sums };
  const ctx: ChunkContext = { columns, binCounts: init.binCounts, chunkFeatures: init.chunkFeatures, results: init.results, wasm };
  const histograms = new Map<number, Float64Array>();
  const pause = new Int32Array(new SharedArrayBuffer(4));
  // A histogram is announced before the job naming it, but its message can take a moment to cross.
  const histogram = (id: number): Float64Array => {
    const deadline = performance.now() + ANNOUNCE_MS;
    while (!histograms.has(id) && performance.now() < deadline) {
      const message = receiveMessageOnPort(init.port);
      if (message) {
        const { id: got, hist } = message.message as SharedHistogram;
        histograms.set(got, hist);
        // The fitting thread grew the memory to make this histogram; a thread that did not grow it may
        // keep the old bounds for a while (V8 tells other threads lazily), and a kernel reaching past them
        // traps. Growing by nothing makes this thread take the current size now.
        init.memory?.grow(0);
      } else Atomics.wait(pause, 0, 0, 0.05);
    }
    const hist = histograms.get(id);
    if (!hist) throw new Error(`Histogram ${id} was not announced to this thread within ${ANNOUNCE_MS} ms.`);
    return hist;
  };
  let seen = 0;
  for (;;) {
    for (let spin = 0; spin < SPIN_LOADS && Atomics.load(control, SEQ) === seen && !Atomics.load(control, STOP); spin++);
    Atomics.wait(control, SEQ, seen);
    if (Atomics.load(control, STOP)) return;
    seen = Atomics.load(control, SEQ);
    const src = {
      allRows: Atomics.load(control, ALL_ROWS) === 1,
      rows: init.order,
      start: Atomics.load(control, START),
      end: Atomics.load(control, END),
      ordered: init.ordered,
      weight: init.weight,
      sums: init.sums,
    };
    try {
      claimChunks(control, seen, Atomics.load(control, CHUNKS), () => {
        if (Atomics.load(control, KIND) === JOB.gradients) {
          const group = Atomics.load(control, GROUP);
          return (block) => gradientBlock(loss, init.scores, init.y, init.rowWeights, group, target, block, init.blockTotals);
        }
        const job = readJob(control, init.params, src, histogram);
        return (chunk) => runChunk(job, chunk, ctx);
      });
    } catch (error) {
      // The fitting thread is waiting for every chunk: count the lost ones as finished, and say why.
      const why = new TextEncoder().encode(error instanceof Error ? error.message : String(error)).subarray(0, init.failure.length);
      init.failure.set(why);
      Atomics.store(control, FAILED, why.length);
      Atomics.add(control, FINISHED, Atomics.load(control, CHUNKS));
      Atomics.notify(control, FINISHED);
      throw error;
    }
  }
});
