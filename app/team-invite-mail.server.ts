import nodemailer from 'nodemailer';
import { formatDateTime } from './components/local-time';
import type { NotificationSettings } from '../worker/notifications/settings';

/** The link in an invitation: absolute with APP_URL, else against the address the admin is using. */
export function inviteLink(settings: Pick<NotificationSettings, 'appUrl'>, origin: string | null, token: string) {
  const base = (settings.appUrl ?? origin ?? '').replace(/\/+$/, '');
  return `${base}/invite/${token}`;
}

/**
 * Sends the invitation through SMTP_URL when it is set. Never throws: the link is shown to copy either
 * way, and the answer says whether the e-mail left (and why not).
 */
export async function mailInvite(
  settings: Pick<NotificationSettings, 'smtpUrl' | 'emailFrom'>,
  invite: { to: string; teamName: string; inviter: string; role: string; link: string; expiresAt: Date },
): Promise<{ emailed: boolean; emailError?: string }> {
  if (!settings.smtpUrl) return { emailed: false };
  const transport = nodemailer.createTransport(settings.smtpUrl);
  try {
    await transport.sendMail({
      from: settings.emailFrom,
      to: invite.to,
      subject: `[Pipewright] ${invite.inviter} invited you to ${invite.teamName}`,
      text: [
        `${invite.inviter} invited you to join the team "${invite.teamName}" on Pipewright as ${invite.role}.`,
        '',
        `Accept: ${invite.link}`,
        '',
        `The link works once, for ${invite.to}, until ${formatDateTime(invite.expiresAt, { utc: true })}.`,
      ].join('\n'),
    });
    return { emailed: true };
  } catch (error) {
    return { emailed: false, emailError: `The e-mail could not be sent (${(error as Error).message}); copy the link and send it yourself.` };
  } finally {
    transport.close();
  }
}
