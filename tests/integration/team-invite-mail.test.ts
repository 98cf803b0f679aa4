import { afterAll, beforeAll, expect, test } from 'vitest';
import { startHarness } from '../setup/app-harness';
import { startSmtpServer } from '../setup/notification-peers';

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let harness: Awaited<ReturnType<typeof startHarness>>;
beforeAll(async () => {
  smtp = await startSmtpServer();
  harness = await startHarness({ notifications: { smtpUrl: smtp.url, emailFrom: 'Pipewright <pw@example.com>', appUrl: 'https://ml.example.com' } });
});
afterAll(async () => {
  await harness?.stop();
  await smtp?.stop();
});

test('with SMTP_URL an invitation is e-mailed with its absolute one-time link, which lets the invitee in', async () => {
  const ada = await harness.signUp('ada-mail@example.com');
  await ada.gql('mutation { createTeam(name: "Mail lab") { id } }');
  const invited = await ada.gql('mutation { inviteMember(email: "bob-mail@example.com", role: "viewer") { link emailed emailError } }');
  expect(invited.data!.inviteMember).toMatchObject({ emailed: true, emailError: null });
  const link = invited.data!.inviteMember.link as string;
  expect(link).toMatch(/^https:\/\/ml\.example\.com\/invite\/[A-Za-z0-9_-]{43}$/);

  const [mail] = await smtp.waitFor('bob-mail@example.com', 1);
  expect(mail!.subject).toBe('[Pipewright] ada-mail invited you to Mail lab');
  expect(mail!.text).toContain(`Accept: ${link}`);
  expect(mail!.text).toContain('as viewer');

  const bob = await harness.signUp('bob-mail@example.com');
  const token = mail!.text.match(/\/invite\/([A-Za-z0-9_-]{43})/)![1];
  const accepted = await bob.gql('mutation ($token: String!) { acceptInvite(token: $token) { name role } }', { token });
  expect(accepted.data!.acceptInvite).toEqual({ name: 'Mail lab', role: 'viewer' });
});
