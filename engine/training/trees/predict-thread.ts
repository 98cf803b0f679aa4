import { parentPort } from 'node:worker_threads';
import { workOnJob, type PredictJob } from './predict-threads';

/** A prediction thread: helps with each job it is sent, then says which job it finished helping with. */
parentPort!.on('message', (job: PredictJob) => {
  workOnJob(job);
  parentPort!.postMessage(job.id);
});
