import { parentPort } from 'node:worker_threads';
import { wasmKernels } from './design-matrix';
import { workOnGram, type GramJob, type GramReply } from './gram-threads';

/** A Gram matrix helper: sums the slices of rows it claims from each job, then says how many it summed. */
parentPort!.on('message', (job: GramJob) => {
  // An instance per job: each message brings its own wrapper of the shared memory.
  const kernels = wasmKernels(job.memory);
  const slices = kernels ? workOnGram(job, kernels) : 0;
  parentPort!.postMessage({ id: job.id, slices } satisfies GramReply);
});
parentPort!.postMessage({ ready: true } satisfies GramReply);
