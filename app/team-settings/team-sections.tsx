import { Form, useSubmit } from '@remix-run/react';
import { useState } from 'react';
import { LocalTime } from '~/components/local-time';
import { Button } from '~/components/ui/button';
import { Field, inputClass } from '~/components/ui/field';
import { Section } from '~/components/ui/section';

const ROLES = ['owner', 'admin', 'editor', 'viewer'] as const;
const INVITABLE = ['viewer', 'editor', 'admin'] as const;

type Member = { userId: string; name: string; email: string; role: string; joinedAt: string };
type Me = { userId: string; admin: boolean; owner: boolean };

/** Members and their roles; admins change roles from the select (only owners touch ownership) and remove members. */
export function MembersTable({ members, viewer, busy }: { members: Member[]; viewer: Me; busy: boolean }) {
  const submit = useSubmit();
  return (
    <Section title={`Members (${members.length})`} flush>
      <table className="w-full text-sm">
        <thead className="border-y border-slate-100 bg-slate-50 text-left text-xs text-slate-500">
          <tr>
            <th className="px-6 py-2 font-medium">Name</th>
            <th className="px-3 py-2 font-medium">E-mail</th>
            <th className="px-3 py-2 font-medium">Role</th>
            <th className="px-3 py-2 font-medium">Joined</th>
            <th className="px-6 py-2"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => {
            const me = m.userId === viewer.userId;
            const editable = viewer.admin && (viewer.owner || m.role !== 'owner');
            return (
              <tr key={m.userId} className="border-b border-slate-100 last:border-0">
                <td className="px-6 py-2">{m.name}{me ? <span className="text-slate-400"> (you)</span> : null}</td>
                <td className="px-3 py-2 text-slate-600">{m.email}</td>
                <td className="px-3 py-2">
                  {editable ? (
                    <select
                      aria-label={`Role of ${m.name}`}
                      defaultValue={m.role}
                      disabled={busy}
                      onChange={(e) => submit({ intent: 'role', userId: m.userId, role: e.currentTarget.value }, { method: 'post' })}
                      className="rounded-md border border-slate-300 px-2 py-1 text-sm"
                    >
                      {ROLES.filter((r) => viewer.owner || r !== 'owner').map((r) => <option key={r} value={r}>{r}</option>)}
                    </select>
                  ) : (
                    <span>{m.role}</span>
                  )}
                </td>
                <td className="px-3 py-2 text-slate-500"><LocalTime iso={m.joinedAt} dateOnly /></td>
                <td className="px-6 py-2 text-right">
                  {viewer.admin && !me && m.role !== 'owner' ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="remove" />
                      <input type="hidden" name="userId" value={m.userId} />
                      <Button type="submit" size="sm" variant="ghost" disabled={busy} aria-label={`Remove ${m.name}`}>Remove</Button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Section>
  );
}

export function InviteForm({ busy }: { busy: boolean }) {
  return (
    <Section title="Invite someone">
      <Form method="post" className="flex flex-wrap items-end gap-3">
        <input type="hidden" name="intent" value="invite" />
        <div className="min-w-[16rem] flex-1">
          <Field id="invite-email" label="E-mail address" help="They accept with this address; the link works once, for 7 days.">
            <input id="invite-email" name="email" type="email" required placeholder="ada@example.com" className={inputClass} aria-describedby="invite-email-help" />
          </Field>
        </div>
        <Field id="invite-role" label="Role">
          <select id="invite-role" name="role" defaultValue="editor" className={inputClass}>
            {INVITABLE.map((r) => <option key={r} value={r}>{r}</option>)}
          </select>
        </Field>
        <Button type="submit" variant="primary" disabled={busy}>Send invitation</Button>
      </Form>
    </Section>
  );
}

/** Shown once after inviting: the link is not stored (only its hash), so this is the moment to copy it. */
export function InviteLink({ invite }: { invite: { email: string; link: string; emailed: boolean; emailError?: string } }) {
  const [copied, setCopied] = useState(false);
  return (
    <div role="status" className="space-y-2 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
      <p>
        {invite.emailed ? `Invitation e-mailed to ${invite.email}. ` : `Invitation for ${invite.email} created. `}
        {invite.emailError ?? (invite.emailed ? 'You can also send the link yourself:' : 'E-mail is not configured (SMTP_URL), so send them this link; it is shown only now:')}
      </p>
      <div className="flex gap-2">
        <input readOnly aria-label="Invitation link" value={invite.link} onFocus={(e) => e.currentTarget.select()} className={`${inputClass} font-mono text-xs`} />
        <Button onClick={() => navigator.clipboard?.writeText(invite.link).then(() => setCopied(true))}>{copied ? 'Copied' : 'Copy link'}</Button>
      </div>
    </div>
  );
}

type Invite = { id: string; email: string; role: string; status: string; expiresAt: string; invitedBy: string | null };

export function InvitesTable({ invites, busy }: { invites: Invite[]; busy: boolean }) {
  return (
    <Section title="Pending invitations">
      {invites.length === 0 ? (
        <p className="text-sm text-slate-500">No open invitations. Invite someone above; accepted invitations appear as members.</p>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm">
          {invites.map((i) => (
            <li key={i.id} className="flex items-center justify-between gap-3 py-2">
              <span>
                {i.email} <span className="text-slate-500">as {i.role}{i.invitedBy ? `, by ${i.invitedBy}` : ''}, {i.status === 'expired' ? 'expired' : 'expires'} <LocalTime iso={i.expiresAt} dateOnly /></span>
              </span>
              <Form method="post">
                <input type="hidden" name="intent" value="revoke" />
                <input type="hidden" name="inviteId" value={i.id} />
                <Button type="submit" size="sm" variant="ghost" disabled={busy} aria-label={`Revoke invitation for ${i.email}`}>Revoke</Button>
              </Form>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

export function CreateTeamForm({ busy }: { busy: boolean }) {
  return (
    <Form method="post" className="flex flex-wrap items-end gap-3">
      <input type="hidden" name="intent" value="create" />
      <div className="min-w-[16rem] flex-1">
        <Field id="team-name" label="New team name">
          <input id="team-name" name="name" required maxLength={80} placeholder="Data science" className={inputClass} />
        </Field>
      </div>
      <Button type="submit" disabled={busy}>Create team</Button>
    </Form>
  );
}
