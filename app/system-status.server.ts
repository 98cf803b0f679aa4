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
  // First and alone: beside the other queries its round trip waited for a pooled connection, and the page
  // showed 50 ms of "latency" for a database answering in one.
  const database = await readDatabaseHealth(db);
  const [workers, queues, recentFailures] = await Promise.all([readWorkerStatuses(db, teamId), readQueueDepths(db), listRecentFailures(db, teamId)]);
  return { checkedAt: new Date(), workers, queues, recentFailures, database };
}

export type SystemStatus = Awaited<ReturnType<typeof readSystemStatus>>;
