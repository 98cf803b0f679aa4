import { Form, Link, NavLink } from '@remix-run/react';

export function AppHeader({ email, teamName, children }: { email: string; teamName: string; children?: React.ReactNode }) {
  return (
    <header className="flex h-12 shrink-0 items-center gap-4 border-b border-slate-200 bg-white px-4">
      <Link to="/pipelines" className="text-sm font-semibold tracking-wide text-indigo-600">
        PIPEWRIGHT
      </Link>
      <span className="text-sm text-slate-400" aria-hidden>
        /
      </span>
      <span className="text-sm text-slate-600">{teamName}</span>
      <nav aria-label="Main" className="flex items-center gap-1">
        {[
          ['/pipelines', 'Pipelines'],
          ['/datasets', 'Datasets'],
        ].map(([to, label]) => (
          <NavLink key={to} to={to!} className={({ isActive }) => `rounded-md px-2 py-1 text-sm ${isActive ? 'bg-slate-100 font-medium text-slate-900' : 'text-slate-600 hover:bg-slate-100'}`}>
            {label}
          </NavLink>
        ))}
      </nav>
      <div className="flex min-w-0 flex-1 items-center gap-2">{children}</div>
      <span className="hidden text-sm text-slate-500 sm:inline">{email}</span>
      <Link to="/account" className="rounded-md px-2 py-1 text-sm text-slate-600 hover:bg-slate-100">
        Account
      </Link>
      <Form method="post" action="/logout">
        <button type="submit" className="rounded-md px-2 py-1 text-sm text-slate-600 hover:bg-slate-100">
          Sign out
        </button>
      </Form>
    </header>
  );
}
