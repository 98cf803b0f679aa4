import type { Db } from '../db/client';
import { listRecentFailures, listTeamRunningNodes, listWorkers, readDatabaseHealth, readQueueDepths } from '../db/queries/operations';

export type WorkerState = 'live' | 'draining' | 'lost';

/**
 * Everything the Status page shows, for one team: workers and queues are shared by every team (only
 * counts of other teams' work show), the nodes each worker runs and the recent failures are the team's.
 * The GraphQL `system` fields and the page's loader both read this.
 */
export async function readWorkerStatuses(db: Db, teamId: string) {
  const [workers, running] = await Promise.all([listWorkers(db), listTeamRunningNodes(db, teamId)]);
  return workers.map((w) => ({
    ...w,
    state: (!w.live ? 'lost' : w.draining ? 'draining' : 'live') as WorkerState,
    running: running.filter((n) => n.workerId === w.id),
  }));
}

export async function readSystemStatus(db: Db, teamId: string) {
  const [workers, queues, recentFailures, database] = await Promise.all([
    readWorkerStatuses(db, teamId),
    readQueueDepths(db),
    listRecentFailures(db, teamId),
    readDatabaseHealth(db),
  ]);
  return { checkedAt: new Date(), workers, queues, recentFailures, database };
}

export type SystemStatus = Awaited<ReturnType<typeof readSystemStatus>>;
