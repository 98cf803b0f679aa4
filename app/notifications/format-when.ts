import { formatTimestamp } from '../components/format-timestamp';

/**
 * "just now", "5 min ago", "3 h ago", then the date: notification times at a glance. The date is in a fixed
 * locale and UTC, so a page the server renders hydrates unchanged in a browser elsewhere.
 */
export function formatWhen(iso: string, now = Date.now()) {
  const seconds = Math.max(0, (now - new Date(iso).getTime()) / 1000);
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  return formatTimestamp(iso);
}
