import { Form, Link, useNavigation } from '@remix-run/react';

type Props = {
  mode: 'login' | 'signup';
  error?: string;
  /** A status line above the form, e.g. after sign-up. */
  notice?: string;
  email?: string;
  redirectTo?: string;
};

const copy = {
  login: { title: 'Sign in to Pipewright', submit: 'Sign in', busy: 'Signing in…', alt: 'New here?', altLink: 'Create an account', altHref: '/signup' },
  signup: { title: 'Create your Pipewright account', submit: 'Create account', busy: 'Creating account…', alt: 'Already have an account?', altLink: 'Sign in', altHref: '/login' },
};

export function AuthForm({ mode, error, notice, email, redirectTo }: Props) {
  const text = copy[mode];
  const busy = useNavigation().state === 'submitting';
  return (
    <main className="flex min-h-full items-center justify-center px-4 py-16">
      <div className="w-full max-w-sm">
        <p className="mb-6 text-center text-sm font-semibold tracking-wide text-indigo-600">PIPEWRIGHT</p>
        <h1 className="mb-6 text-center text-2xl font-semibold text-slate-900">{text.title}</h1>
        <Form method="post" className="space-y-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
          {notice && !error && (
            <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
              {notice}
            </p>
          )}
          {redirectTo && <input type="hidden" name="redirectTo" value={redirectTo} />}
          {mode === 'signup' && (
            <Field label="Name" name="name" type="text" autoComplete="name" />
          )}
          <Field label="Email" name="email" type="email" autoComplete="email" defaultValue={email} required />
          <Field
            label="Password"
            name="password"
            type="password"
            autoComplete={mode === 'signup' ? 'new-password' : 'current-password'}
            hint={mode === 'signup' ? 'At least 8 characters, not just spaces.' : undefined}
            required
          />
          {error && (
            <p role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700">
              {error}
            </p>
          )}
          <button
            type="submit"
            disabled={busy}
            className="w-full rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2 disabled:opacity-60"
          >
            {busy ? text.busy : text.submit}
          </button>
        </Form>
        <p className="mt-4 text-center text-sm text-slate-600">
          {text.alt}{' '}
          <Link to={text.altHref} className="font-medium text-indigo-600 hover:underline">
            {text.altLink}
          </Link>
        </p>
      </div>
    </main>
  );
}

function Field(props: { label: string; name: string; type: string; autoComplete: string; defaultValue?: string; hint?: string; required?: boolean }) {
  return (
    <label className="block text-sm">
      <span className="font-medium text-slate-700">{props.label}</span>
      <input
        name={props.name}
        type={props.type}
        autoComplete={props.autoComplete}
        defaultValue={props.defaultValue}
        required={props.required}
        className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-slate-900 shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500"
      />
      {props.hint && <span className="mt-1 block text-xs text-slate-500">{props.hint}</span>}
    </label>
  );
}
