import { Form, Link, useLocation } from '@remix-run/react';
import { useEffect, useRef, useState } from 'react';
import { requestGraphQL } from '~/canvas/graphql-client';
import { TeamIcon } from './ui/icons';

type MyTeam = { id: string; name: string; role: string; personal: boolean; active: boolean };
const MY_TEAMS = /* GraphQL */ `query { myTeams { id name role personal active } }`;

/**
 * The header's team menu: the active team's name; opening it lists the user's teams (switching posts to
 * /teams/switch, which keeps the page when it is a list, else opens Pipelines) and links team settings.
 * Below `md` the name gives way to an icon (the button keeps its name). The list is placed in the viewport
 * under the button (position: fixed), as the header clips whatever overflows it.
 */
export function TeamSwitcher({ teamName }: { teamName: string }) {
  const [open, setOpen] = useState(false);
  const [anchor, setAnchor] = useState({ left: 8, top: 48 });
  const [teams, setTeams] = useState<MyTeam[] | null>(null);
  const [failed, setFailed] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const location = useLocation();

  useEffect(() => {
    if (!open) return;
    requestGraphQL<{ myTeams: MyTeam[] }>(MY_TEAMS, {})
      .then((d) => (setTeams(d.myTeams), setFailed(false)))
      .catch(() => setFailed(true));
    const onDown = (e: MouseEvent) => !box.current?.contains(e.target as Node) && setOpen(false);
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  return (
    <div ref={box} className="min-w-[2.75rem]">
      <button
        type="button"
        aria-haspopup="true"
        aria-expanded={open}
        aria-label={`Team: ${teamName}`}
        title={teamName}
        onClick={(e) => {
          const r = e.currentTarget.getBoundingClientRect();
          setAnchor({ left: Math.max(8, Math.min(r.left, window.innerWidth - 264)), top: r.bottom + 4 });
          setOpen((o) => !o);
        }}
        className="flex w-full max-w-[12rem] min-w-0 items-center gap-1 rounded-md px-2 py-1 text-sm text-slate-600 hover:bg-slate-100"
      >
        <TeamIcon className="md:hidden" />
        <span className="hidden truncate md:inline">{teamName}</span>
        <span aria-hidden className="shrink-0 text-xs text-slate-400">▾</span>
      </button>
      {open ? (
        <div role="group" aria-label="Your teams" style={anchor} className="fixed z-50 w-64 rounded-lg border border-slate-200 bg-white p-1 shadow-lg">
          {failed ? <p role="alert" className="px-2 py-1 text-xs text-rose-700">Your teams could not be loaded. Reload the page to try again.</p> : null}
          {teams === null && !failed ? <p className="px-2 py-1 text-xs text-slate-500">Loading your teams…</p> : null}
          <Form method="post" action="/teams/switch" reloadDocument>
            <input type="hidden" name="redirectTo" value={location.pathname} />
            <ul className="max-h-72 overflow-auto">
              {teams?.map((t) => (
                <li key={t.id}>
                  <button
                    type="submit"
                    name="teamId"
                    value={t.id}
                    aria-label={`Switch to ${t.name}`}
                    aria-current={t.active ? 'true' : undefined}
                    className={`flex w-full items-center justify-between gap-2 rounded-md px-2 py-1.5 text-left text-sm hover:bg-slate-100 ${t.active ? 'font-medium text-slate-900' : 'text-slate-700'}`}
                  >
                    <span className="truncate">{t.name}</span>
                    <span className="shrink-0 text-xs text-slate-400">{t.active ? '✓ ' : ''}{t.role}</span>
                  </button>
                </li>
              ))}
            </ul>
          </Form>
          <div className="mt-1 border-t border-slate-100 pt-1">
            <Link to="/settings/team" className="block rounded-md px-2 py-1.5 text-sm text-slate-700 hover:bg-slate-100" onClick={() => setOpen(false)}>
              Team settings and new team
            </Link>
          </div>
        </div>
      ) : null}
    </div>
  );
}
