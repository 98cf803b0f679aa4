import { Link } from '@remix-run/react';
import { useEffect, useRef, useState } from 'react';
import { requestGraphQL } from '~/canvas/graphql-client';
import { When } from '~/components/when';
import { useNotificationFeed, type BellNotification } from './use-notification-feed';

const LATEST = /* GraphQL */ `
  query { notifications(limit: 8) { unreadCount items { id event title body link readAt createdAt } } }
`;
const MARK_READ = /* GraphQL */ `
  mutation ($ids: [ID!]) { markNotificationsRead(ids: $ids) }
`;

/** The header's bell: unread count (live), and a panel with the latest notifications. */
export function NotificationBell() {
  const [open, setOpen] = useState(false);
  // Fixed to the window beside the bell: the header clips what overflows it (so its items truncate), which
  // hid a panel positioned inside it.
  const [anchor, setAnchor] = useState<{ right: number; top: number }>({ right: 8, top: 56 });
  const [items, setItems] = useState<BellNotification[]>([]);
  const [unread, setUnread] = useState(0);
  const [failed, setFailed] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  const load = () =>
    requestGraphQL<{ notifications: { unreadCount: number; items: BellNotification[] } }>(LATEST, {})
      .then(({ notifications }) => {
        setItems(notifications.items);
        setUnread(notifications.unreadCount);
        setFailed(false);
      })
      .catch(() => setFailed(true));

  useEffect(() => {
    void load();
  }, []);

  useNotificationFeed((added) => {
    if (added.unreadCount >= 0) setUnread(added.unreadCount);
    const n = added.notification;
    if (n) setItems((list) => [n, ...list.filter((x) => x.id !== n.id)].slice(0, 8));
    else void load();
  });

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (!box.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const markRead = async (ids?: string[]) => {
    const now = new Date().toISOString();
    setItems((list) => list.map((n) => (!ids || ids.includes(n.id) ? { ...n, readAt: n.readAt ?? now } : n)));
    try {
      const left = await requestGraphQL<{ markNotificationsRead: number }>(MARK_READ, { ids: ids ?? null });
      setUnread(left.markNotificationsRead);
    } catch {
      void load();
    }
  };

  const label = unread > 0 ? `Notifications, ${unread} unread` : 'Notifications, none unread';
  return (
    <div ref={box} className="relative shrink-0">
      <button
        ref={button}
        type="button"
        aria-label={label}
        aria-expanded={open}
        aria-haspopup="dialog"
        onClick={(e) => {
          const r = e.currentTarget.getBoundingClientRect();
          setAnchor({ right: Math.max(8, window.innerWidth - r.right), top: r.bottom + 8 });
          setOpen((o) => !o);
        }}
        className="relative rounded-md p-1.5 text-slate-600 hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
      >
        <svg aria-hidden viewBox="0 0 20 20" fill="currentColor" className="h-5 w-5">
          <path d="M10 2a6 6 0 0 0-6 6v3.59l-1.7 1.7A1 1 0 0 0 3 15h14a1 1 0 0 0 .7-1.71L16 11.59V8a6 6 0 0 0-6-6Zm0 16a3 3 0 0 1-2.83-2h5.66A3 3 0 0 1 10 18Z" />
        </svg>
        {unread > 0 && (
          <span aria-hidden className="absolute -right-0.5 -top-0.5 min-w-[1.1rem] rounded-full bg-rose-600 px-1 text-center text-[10px] font-semibold leading-[1.1rem] text-white">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      {open && (
        <div role="dialog" aria-label="Notifications" style={anchor} className="fixed z-50 w-80 whitespace-normal rounded-xl border border-slate-200 bg-white shadow-lg">
          <div className="flex items-center justify-between border-b border-slate-100 px-3 py-2">
            <h2 className="text-sm font-medium text-slate-900">Notifications</h2>
            <button type="button" onClick={() => void markRead()} disabled={unread === 0} className="text-xs text-indigo-600 hover:underline disabled:text-slate-400 disabled:no-underline">
              Mark all read
            </button>
          </div>
          {failed ? (
            <p role="alert" className="px-3 py-6 text-center text-sm text-rose-700">
              Could not load notifications. <button type="button" className="underline" onClick={() => void load()}>Try again</button>
            </p>
          ) : items.length === 0 ? (
            <p className="px-3 py-6 text-center text-sm text-slate-500">Nothing yet. You will be told here when your runs finish or fail.</p>
          ) : (
            <ul className="max-h-96 divide-y divide-slate-100 overflow-y-auto">
              {items.map((n) => (
                <NotificationItem key={n.id} n={n} onOpen={() => (n.readAt ? setOpen(false) : (setOpen(false), void markRead([n.id])))} onMarkRead={() => void markRead([n.id])} />
              ))}
            </ul>
          )}
          <Link to="/notifications" onClick={() => setOpen(false)} className="block border-t border-slate-100 px-3 py-2 text-center text-sm text-indigo-600 hover:bg-slate-50">
            See all notifications
          </Link>
        </div>
      )}
    </div>
  );
}

function NotificationItem({ n, onOpen, onMarkRead }: { n: BellNotification; onOpen: () => void; onMarkRead: () => void }) {
  const unread = !n.readAt;
  const text = (
    <>
      <span className={`block text-sm ${unread ? 'font-medium text-slate-900' : 'text-slate-600'}`}>{n.title}</span>
      {n.body && <span className="mt-0.5 line-clamp-2 block text-xs text-slate-500">{n.body}</span>}
      <span className="mt-0.5 block text-xs text-slate-400"><When iso={n.createdAt} /></span>
    </>
  );
  return (
    <li className={`flex items-start gap-2 px-3 py-2 ${unread ? 'bg-indigo-50/40' : ''}`}>
      <span aria-hidden className={`mt-1.5 h-2 w-2 shrink-0 rounded-full ${unread ? 'bg-indigo-500' : 'bg-transparent'}`} />
      {n.link ? (
        <Link to={n.link} onClick={onOpen} className="min-w-0 flex-1 hover:underline">
          {text}
        </Link>
      ) : (
        <div className="min-w-0 flex-1">{text}</div>
      )}
      {unread && (
        <button type="button" onClick={onMarkRead} aria-label={`Mark "${n.title}" read`} className="shrink-0 rounded px-1 text-xs text-slate-500 hover:bg-slate-100">
          Mark read
        </button>
      )}
    </li>
  );
}
