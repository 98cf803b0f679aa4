import { Form, Link, NavLink } from '@remix-run/react';
import { NotificationBell } from '~/notifications/notification-bell';
import { TeamSwitcher } from './team-switcher';

/**
 * The top bar of every signed-in page. As the window narrows the e-mail and the team name truncate (below `md` the
 * team name becomes the team menu's icon), the mark and the nav tighten below `lg`, and the breadcrumb truncates, so
 * nothing overlaps or wraps under the bar.
 */
export function AppHeader({ email, teamName, children }: { email: string; teamName: string; children?: React.ReactNode }) {
  return (
    <header className="flex h-12 shrink-0 items-center gap-2 overflow-hidden whitespace-nowrap border-b border-slate-200 bg-white px-3 sm:gap-4 sm:px-4">
      <Link to="/pipelines" aria-label="Pipewright" className="shrink-0 text-sm font-semibold tracking-wide text-indigo-600">
        {/* Below lg the mark gives its width to the nav. */}
        <span className="lg:hidden">PW</span>
        <span className="hidden lg:inline">PIPEWRIGHT</span>
      </Link>
      <span className="hidden text-sm text-slate-400 md:inline" aria-hidden>
        /
      </span>
      <TeamSwitcher teamName={teamName} />
      <nav aria-label="Main" className="flex shrink-0 items-center lg:gap-1">
        {[
          ['/pipelines', 'Pipelines'],
          ['/datasets', 'Datasets'],
          ['/runs', 'Runs'],
          ['/models', 'Models'],
          ['/schedules', 'Schedules'],
          ['/status', 'Status'],
        ].map(([to, label]) => (
          <NavLink key={to} to={to!} className={({ isActive }) => `rounded-md px-1.5 py-1 text-sm lg:px-2 ${isActive ? 'bg-slate-100 font-medium text-slate-900' : 'text-slate-600 hover:bg-slate-100'}`}>
            {label}
          </NavLink>
        ))}
      </nav>
      {/* A rule, not a slash, sets the page's trail apart: after a slash the nav's last item read as its parent ("Status / Runs"). */}
      {children ? (
        <nav aria-label="Breadcrumb" className="flex min-w-0 flex-1 items-center gap-2 overflow-hidden border-l border-slate-200 pl-3">
          {children}
        </nav>
      ) : (
        <div className="flex-1" />
      )}
      <span className="hidden max-w-[14rem] truncate text-sm text-slate-500 lg:inline" title={email}>
        {email}
      </span>
      <NotificationBell />
      <Link to="/account" className="shrink-0 rounded-md px-2 py-1 text-sm text-slate-600 hover:bg-slate-100">
        Account
      </Link>
      <Form method="post" action="/logout" className="shrink-0">
        <button type="submit" className="rounded-md px-2 py-1 text-sm text-slate-600 hover:bg-slate-100">
          Sign out
        </button>
      </Form>
    </header>
  );
}
