import { StatusBadge, type RunStatus } from '~/components/ui/status-badge';

/** Node and run statuses the shared badge does not draw, shown as the one it does that reads the same. */
const SHOWN_AS: Record<string, RunStatus> = { dead_letter: 'failed' };

export function badgeStatus(status: string): RunStatus {
  const known: RunStatus[] = ['idle', 'queued', 'running', 'succeeded', 'failed', 'skipped', 'cancelled'];
  return SHOWN_AS[status] ?? (known.includes(status as RunStatus) ? (status as RunStatus) : 'idle');
}

export function RunStatusBadge({ status, label }: { status: string; label: string }) {
  return <StatusBadge status={badgeStatus(status)} label={label} />;
}
