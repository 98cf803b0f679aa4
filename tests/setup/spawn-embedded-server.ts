import { spawn } from 'node:child_process';
import { SERVER_READY, waitForOutput } from './child-output';

/**
 * `server.ts` exactly as `npm start` runs it with no DATABASE_URL: an embedded Postgres in `dataDir`.
 * Started in its own process group, like a terminal's foreground job, so a test can send Ctrl-C to the group.
 */
export function spawnEmbeddedServer(opts: { dataDir: string; pgPort: number; port?: number; workers?: number }) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    DATA_DIR: opts.dataDir,
    PORT: String(opts.port ?? 0),
    EMBEDDED_PG_PORT: String(opts.pgPort),
    WORKERS: String(opts.workers ?? 1),
  };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const started = waitForOutput(child, SERVER_READY);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    pgid: child.pid!,
    origin: started.matched.then((m) => m[1]!),
    output: started.output,
    exited,
    /** Ctrl-C in a terminal: SIGINT to every process of the foreground group. */
    ctrlC() {
      process.kill(-child.pid!, 'SIGINT');
      return exited;
    },
  };
}

/** Signs up (and, where sign-up does not sign in by itself, signs in) through the real forms; returns the session cookie. */
export async function signUpCookie(origin: string, email: string, password = 'correct horse battery') {
  const post = (path: string) =>
    fetch(`${origin}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email, password, name: email.split('@')[0]! }),
    });
  const cookieOf = (res: Response) => res.headers.get('set-cookie')?.match(/pw_session=[^;]+/)?.[0];
  const cookie = cookieOf(await post('/signup')) ?? cookieOf(await post('/login'));
  if (!cookie) throw new Error(`could not sign up ${email}`);
  return cookie;
}

export function gqlClient(origin: string, cookie: string) {
  return async <T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}) => {
    const res = await fetch(`${origin}/graphql`, {
      method: 'POST',
      headers: { origin, cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as { data?: T; errors?: { message: string }[] };
  };
}

/** Whether any process is left in the process group `pgid`. */
export function groupAlive(pgid: number) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}
