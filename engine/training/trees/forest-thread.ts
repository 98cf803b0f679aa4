import { parentPort, workerData } from 'node:worker_threads';
import { ForestTreeBuilder } from './forest-tree';
import type { ForestThreadInit, ForestThreadReply } from './forest-threads';

/**
 * A forest thread: reads the binned features in place from shared memory and builds the trees it is
 * asked for, one message per tree, handing each tree's arrays back without copying them.
 */
const init = workerData.init as ForestThreadInit;
const columns = init.edges.map((_, f) => init.data.subarray(f * init.rows, (f + 1) * init.rows));
const builder = new ForestTreeBuilder({ rows: init.rows, data: init.data, columns, edges: init.edges }, init.y, init.weights, init.spec);

parentPort!.on('message', ({ index }: { index: number }) => {
  try {
    const built = builder.build(index);
    const { tree, evaluationLeaf } = built;
    const transfer = [tree.feature, tree.bin, tree.threshold, tree.left, tree.right, tree.value, tree.gain, evaluationLeaf].map((a) => a.buffer as ArrayBuffer);
    parentPort!.postMessage({ index, built } satisfies ForestThreadReply, transfer);
  } catch (error) {
    parentPort!.postMessage({ index, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies ForestThreadReply);
  }
});
