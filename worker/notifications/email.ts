import { eq } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import type PgBoss from 'pg-boss';
import type { Db } from '../../db/client';
import { users } from '../../db/schema';
import { notificationEmailPayload, type NotificationEmailPayload } from '../queues';
import { absoluteLink, type NotificationSettings } from './settings';

/** The e-mail of one notification: plain text, with the run's page as a link. */
export function composeEmail(job: NotificationEmailPayload, settings: Pick<NotificationSettings, 'appUrl'>) {
  const link = absoluteLink(settings, job.link);
  const lines = [job.title, '', ...(job.body ? [job.body, ''] : []), ...(link ? [`Open it: ${link}`, ''] : [])];
  lines.push('You get this e-mail because of your Pipewright notification settings (Account → Notifications).');
  return { subject: `[Pipewright] ${job.title}`, text: lines.join('\n') };
}

/**
 * A notification-email job: one message to one recipient. With no SMTP_URL
 * the job is dropped: e-mail is off. A failure throws, so pg-boss retries the job with backoff.
 */
export function createEmailHandler(deps: { db: Db; settings: NotificationSettings }) {
  const transport = deps.settings.smtpUrl ? nodemailer.createTransport(deps.settings.smtpUrl) : undefined;
  const handler = async ([job]: PgBoss.Job<unknown>[]) => {
    if (!transport) return;
    const data = notificationEmailPayload.parse(job!.data);
    const [user] = await deps.db.select({ email: users.email }).from(users).where(eq(users.id, data.userId));
    if (!user) return;
    await transport.sendMail({ from: deps.settings.emailFrom, to: user.email, ...composeEmail(data, deps.settings) });
  };
  return { handler, close: () => transport?.close() };
}
