import { readWorkerLiveness } from '../../db/queries/workers';
import { requireViewer, type GraphQLContext } from '../context';

/** Whether runs can make progress: the editor warns when a run waits and no worker is live. */
export const systemResolvers = {
  Query: {
    system: async (_: unknown, __: unknown, ctx: GraphQLContext) => {
      requireViewer(ctx);
      const { live, lastHeartbeatAt } = await readWorkerLiveness(ctx.services.db);
      return { liveWorkers: live, lastHeartbeatAt };
    },
  },
};
