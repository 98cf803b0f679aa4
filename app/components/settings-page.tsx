import type { ReactNode } from 'react';
import { AppHeader } from './app-header';

/**
 * The frame of the team's settings and registry pages: the header (with an optional breadcrumb), then a
 * centred column opening with the page's title, a line about it and its page-wide actions.
 */
export function SettingsPage({
  viewer,
  title,
  intro,
  breadcrumb,
  actions,
  wide = false,
  children,
}: {
  viewer: { email: string; teamName: string };
  title: ReactNode;
  intro?: ReactNode;
  breadcrumb?: ReactNode;
  actions?: ReactNode;
  /** Tables of models and versions want the wider column. */
  wide?: boolean;
  children: ReactNode;
}) {
  return (
    <div className="flex min-h-full flex-col">
      <AppHeader email={viewer.email} teamName={viewer.teamName}>
        {breadcrumb}
      </AppHeader>
      <main className={`mx-auto w-full ${wide ? 'max-w-5xl' : 'max-w-4xl'} flex-1 space-y-6 px-6 py-10`}>
        <div className="flex flex-wrap items-start justify-between gap-4">
          <div className="min-w-0 space-y-1">
            <h1 className="flex items-center gap-3 text-2xl font-semibold">{title}</h1>
            {intro ? <p className="text-sm text-slate-500">{intro}</p> : null}
          </div>
          {actions ? <div className="flex shrink-0 gap-2">{actions}</div> : null}
        </div>
        {children}
      </main>
    </div>
  );
}
