import { hash, verify } from '@node-rs/argon2';
import { and, eq, ne } from 'drizzle-orm';
import { Lucia, type Session, type User } from 'lucia';
import { z } from 'zod';
import type { Db } from '../db/client';
import { sessions, users } from '../db/schema';
import { createPersonalTeam, type TeamAccess } from '../db/queries/teams';
import { SessionAdapter } from './session-adapter.server';

// OWASP's Argon2id baseline: 19 MiB, 2 iterations, 1 lane.
const ARGON2 = { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

export type Auth = ReturnType<typeof createAuth>;
/**
 * Who makes a request. For an API token (GraphQL with `Authorization: Bearer`, scope full) `token` is set,
 * `user` is the admin who created it (what the token creates is attributed to them), `session` stands in
 * for none (id `token:<id>`) and the role is editor: a token never manages members or tokens.
 */
export type Viewer = { user: User; session: Session; team: TeamAccess; token?: { id: string; name: string } };

const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, { message: 'Enter a valid email address, like ada@example.com.' })
  .pipe(z.email({ message: 'Enter a valid email address, like ada@example.com.' }));

/** The rules for a new password. Spaces count, but a password that is mostly padding is no password. */
export const newPasswordSchema = z
  .string()
  .max(256, { message: 'Passwords are limited to 256 characters.' })
  .refine((p) => p.trim().length >= 8, {
    message: 'Use at least 8 characters for your password (spaces at the start or end do not count).',
  });

export const credentialsSchema = z.object({ email: emailSchema, password: newPasswordSchema });

/** Sign-in checks only the shape: a password set under older rules must still work. */
const signInSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, { message: 'Enter your password.' }).max(256, { message: 'Passwords are limited to 256 characters.' }),
});

/**
 * Expected failures come back as values, not exceptions: routes run from the Remix bundle while the
 * auth object is built by server.ts from source, so an error class would not match across the two.
 */
export type AuthResult = { ok: true; sessionId: string } | { ok: false; error: string };
export type SignUpResult = { ok: true } | { ok: false; error: string };
const refuse = (error: string) => ({ ok: false, error }) as const;

export function createAuth(db: Db, opts: { secureCookies: boolean }) {
  const lucia = new Lucia(new SessionAdapter(db), {
    sessionCookie: { name: 'pw_session', attributes: { secure: opts.secureCookies, sameSite: 'lax' } },
    getUserAttributes: (a) => ({ email: a.email, name: a.name }),
    // Only SessionAdapter's read of a session carries the team (lucia's other session reads do not).
    getSessionAttributes: (a): { team?: TeamAccess } => (a.team ? { team: a.team } : {}),
  });

  /**
   * Creates the account, or for an e-mail that already has one does nothing visible: both answer the same
   * (no session; the caller sends the person to sign in), and both hash the password so timing matches.
   * The existing account's owner is told instead (a log line until the product sends e-mail).
   */
  async function signUp(input: { email: string; password: string; name?: string }): Promise<SignUpResult> {
    const parsed = credentialsSchema.safeParse(input);
    if (!parsed.success) return refuse(parsed.error.issues[0]!.message);
    const { email, password } = parsed.data;
    const passwordHash = await hash(password, ARGON2);
    // Control characters (NUL among them: Postgres text cannot hold it) have no place in a display name.
    const name = input.name?.replace(/\p{Cc}/gu, '').trim().slice(0, 80) || email.split('@')[0]!;
    const created = await db.transaction(async (tx) => {
      const [user] = await tx.insert(users).values({ email, name, passwordHash }).onConflictDoNothing().returning();
      if (user) await createPersonalTeam(tx, user.id, name);
      return Boolean(user);
    });
    if (!created) notifyOwnerOfSignUpAttempt(email);
    return { ok: true };
  }

  async function signIn(input: { email: string; password: string }): Promise<AuthResult> {
    const parsed = signInSchema.safeParse(input);
    if (!parsed.success) return refuse(parsed.error.issues[0]!.message);
    const { email, password } = parsed.data;
    const [user] = await db.select().from(users).where(eq(users.email, email));
    // Verify against a dummy hash when the user is unknown so timing does not reveal which emails exist.
    const ok = await verify(user?.passwordHash ?? DUMMY_HASH, password).catch(() => false);
    if (!user || !ok) return refuse('That email and password do not match an account.');
    return { ok: true, sessionId: (await lucia.createSession(user.id, {})).id };
  }

  /** The signed-in user and their active team (switched from the header; see SessionAdapter), or null. Refreshes the cookie when lucia extends the session. */
  async function readViewer(cookieHeader: string | null): Promise<{ viewer: Viewer | null; setCookie?: string }> {
    const sessionId = lucia.readSessionCookie(cookieHeader ?? '');
    if (!sessionId) return { viewer: null };
    const { session, user } = await lucia.validateSession(sessionId);
    if (!session) return { viewer: null, setCookie: lucia.createBlankSessionCookie().serialize() };
    const { team } = session;
    if (!team) return { viewer: null };
    const setCookie = session.fresh ? lucia.createSessionCookie(session.id).serialize() : undefined;
    return { viewer: { user, session, team }, setCookie };
  }

  /**
   * Changes a signed-in user's password and ends every other session of theirs (their sockets close via the
   * sessions trigger, see graphql/socket-sessions.ts); the session making the change stays signed in.
   */
  async function changePassword(viewer: Viewer, input: { currentPassword: string; newPassword: string }): Promise<AuthResult> {
    const rule = credentialsSchema.shape.password.safeParse(input.newPassword);
    if (!rule.success) return refuse(rule.error.issues[0]!.message);
    const [user] = await db.select().from(users).where(eq(users.id, viewer.user.id));
    const ok = user ? await verify(user.passwordHash, input.currentPassword).catch(() => false) : false;
    if (!ok) return refuse('Your current password is not correct.');
    if (input.newPassword === input.currentPassword) return refuse('Choose a new password that differs from the current one.');
    const passwordHash = await hash(input.newPassword, ARGON2);
    await db.transaction(async (tx) => {
      await tx.update(users).set({ passwordHash }).where(eq(users.id, viewer.user.id));
      await tx.delete(sessions).where(and(eq(sessions.userId, viewer.user.id), ne(sessions.id, viewer.session.id)));
    });
    return { ok: true, sessionId: viewer.session.id };
  }

  return {
    lucia,
    signUp,
    signIn,
    readViewer,
    changePassword,
    signOut: (sessionId: string) => lucia.invalidateSession(sessionId),
    sessionCookie: (sessionId: string) => lucia.createSessionCookie(sessionId).serialize(),
    blankCookie: () => lucia.createBlankSessionCookie().serialize(),
  };
}

// Stands in for the e-mail the owner will get once the product can send mail.
function notifyOwnerOfSignUpAttempt(email: string) {
  // Masked: server logs are no place for people's addresses.
  const [local = '', domain = ''] = email.split('@');
  console.info(`[auth] someone tried to create an account for an existing address (${local.slice(0, 1)}…@${domain}); the owner should be told by e-mail`);
}

const DUMMY_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$F9ywNXRUCHfGTj17xJYqoA$MuGNOnCO9UwLLtay4RuzVnNFXuC6vM5vP6+EM+iH3aQ';

declare module 'lucia' {
  interface Register {
    Lucia: ReturnType<typeof createAuth>['lucia'];
    DatabaseUserAttributes: { email: string; name: string };
    DatabaseSessionAttributes: { activeTeamId?: string | null; team?: TeamAccess | null };
  }
}
