import type { LinksFunction } from '@remix-run/node';
import { Links, Meta, Outlet, Scripts, ScrollRestoration, isRouteErrorResponse, useRouteError } from '@remix-run/react';
import stylesheet from './tailwind.css?url';

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: stylesheet },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
];

export function Layout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en" className="h-full">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>Pipewright</title>
        <Meta />
        <Links />
      </head>
      <body className="h-full bg-slate-50 text-slate-900 antialiased">
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

/**
 * The one error page. A 404 says what was not found and where to go; a loader's own message (say, a
 * pipeline of another team) is shown, the router's internal one ("No route matches URL") is not.
 */
export function ErrorBoundary() {
  const error = useRouteError();
  const response = isRouteErrorResponse(error) ? error : undefined;
  const notFound = response?.status === 404;
  const title = notFound ? 'Page not found' : response ? `${response.status} ${response.statusText}` : 'Something went wrong';
  // The router marks its own responses `internal`; production builds strip their `error`, so that is no test.
  const ownMessage = response && !(response as { internal?: boolean }).internal && typeof response.data === 'string' ? response.data : '';
  const detail = notFound
    ? ownMessage || 'There is nothing at this address. The link may be mistyped, or what it pointed to was deleted.'
    : ownMessage || (error instanceof Error ? error.message : '');
  return (
    <main className="mx-auto max-w-xl p-10">
      <p className="text-sm font-semibold tracking-wide text-indigo-600">PIPEWRIGHT</p>
      <h1 className="mt-4 text-2xl font-semibold">{title}</h1>
      {detail && <p className="mt-2 text-slate-600">{detail}</p>}
      <div className="mt-6 flex gap-4 text-sm">
        <a className="font-medium text-indigo-600 underline" href="/pipelines">Go to your pipelines</a>
        <a className="text-indigo-600 underline" href="/datasets">Datasets</a>
      </div>
    </main>
  );
}
