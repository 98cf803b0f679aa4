import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useEffect, useRef, useState } from 'react';
import { loadApiDocsPage } from '~/api-docs/api-docs-page.server';
import { SettingsPage } from '~/components/settings-page';
import { ModelsCrumb } from '~/registry/models-crumb';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.model ?? 'Model'} API · Pipewright` }];
// Swagger UI is served from node_modules by the server (serving/api-docs-routes.ts): no CDN.
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: '/vendor/swagger-ui/swagger-ui.css' }];
export const loader = (args: LoaderFunctionArgs) => loadApiDocsPage(args);

type SwaggerUIBundle = (opts: Record<string, unknown>) => unknown;
const SCRIPT = '/vendor/swagger-ui/swagger-ui-bundle.js';

/** Loads Swagger UI's bundle once per page (it defines window.SwaggerUIBundle). */
function loadSwaggerUi(): Promise<SwaggerUIBundle> {
  const w = window as unknown as { SwaggerUIBundle?: SwaggerUIBundle };
  if (w.SwaggerUIBundle) return Promise.resolve(w.SwaggerUIBundle);
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = SCRIPT;
    script.onload = () => (w.SwaggerUIBundle ? resolve(w.SwaggerUIBundle) : reject(new Error('Swagger UI did not load.')));
    script.onerror = () => reject(new Error(`Could not load ${SCRIPT}.`));
    document.head.appendChild(script);
  });
}

export default function ModelApiDocs() {
  const { viewer, model } = useLoaderData<typeof loader>();
  const container = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const documentUrl = `/api/v1/models/${encodeURIComponent(model)}/openapi.json`;
  useEffect(() => {
    let cancelled = false;
    loadSwaggerUi().then(
      (SwaggerUI) => {
        if (cancelled || !container.current) return;
        // "Try it out" sends the page's session cookie (same origin), or the token entered under Authorize.
        SwaggerUI({ url: documentUrl, domNode: container.current, deepLinking: false, tryItOutEnabled: true, defaultModelsExpandDepth: 1 });
      },
      (error: Error) => setFailed(error.message),
    );
    return () => {
      cancelled = true;
    };
  }, [documentUrl]);
  return (
    <SettingsPage
      viewer={viewer}
      wide
      title={`${model} prediction API`}
      breadcrumb={<ModelsCrumb model={model} />}
      intro={
        <>
          Send records as your data has them, before the preparation steps (Impute, One-hot…) the model applies to them as in training, and get predictions. From this page, “Try it out” uses your session;
          scripts send a token as <code>Authorization: Bearer &lt;token&gt;</code> (
          <Link to="/settings/tokens" className="text-indigo-600 underline">
            API tokens
          </Link>
          ). The OpenAPI 3.1 document:{' '}
          <a href={documentUrl} className="font-mono text-indigo-600 underline">
            {documentUrl}
          </a>
        </>
      }
    >
      {failed && <p role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700">The API reference could not be shown: {failed} Reload the page.</p>}
      <section aria-label="API reference" ref={container} className="rounded-xl border border-slate-200 bg-white" />
    </SettingsPage>
  );
}
