import { readWorkerStatuses } from '../../app/system-status.server';
import { listRecentFailures, readDatabaseHealth, readQueueDepths } from '../../db/queries/operations';
import { readWorkerLiveness } from '../../db/queries/workers';
import { requireViewer, type GraphQLContext } from '../context';

/**
 * Whether runs can make progress (the editor warns when a run waits and no worker is live), and the
 * Status page's detail. Each detail field is read only when asked for: the editor polls liveWorkers alone.
 */
export const systemResolvers = {
  Query: {
    system: async (_: unknown, __: unknown, ctx: GraphQLContext) => {
      const viewer = requireViewer(ctx);
      const { db } = ctx.services;
      const { live, lastHeartbeatAt } = await readWorkerLiveness(db);
      return {
        liveWorkers: live,
        lastHeartbeatAt,
        checkedAt: new Date(),
        workers: () => readWorkerStatuses(db, viewer.team.id),
        queues: () => readQueueDepths(db),
        recentFailures: () => listRecentFailures(db, viewer.team.id),
        database: () => readDatabaseHealth(db),
      };
    },
  },
};
