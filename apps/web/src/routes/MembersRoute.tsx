import { useState } from 'react';
import { workspaceRole, type WorkspaceMember, type WorkspaceRole } from '@casehub/contract';
import { api, call } from '../lib/api';
import { peopleApi, type PendingInvite } from '../lib/peopleApi';
import { useApi } from '../lib/useApi';
import { useSubmit } from '../lib/useSubmit';
import { useMe } from '../features/auth/session';
import { Avatar } from '../components/Avatar';
import { Async } from '../components/Async';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { SecretOnce } from '../components/SecretOnce';
import { InviteDialog } from '../features/invites/InviteDialog';
import { capitalize } from '../features/cases/format';
import { RevokeInviteButton } from '../features/team/RevokeInviteButton';
import { GuestsNotHere } from '../components/GuestsNotHere';
import { TableHead } from '../components/TableHead';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { msg } from '../i18n';

// English; shown through `t()`.
const roleHelp: Record<WorkspaceRole, string> = {
  owner: msg('everything, including owners and admins'),
  admin: msg('manages members, guests and the audit log'),
  member: msg('opens every case that is not private'),
  guest: msg('only the cases they are invited to'),
};
/** Said after a role change, per new role (English; shown through `t()`). */
const nowRole: Record<WorkspaceRole, string> = {
  owner: msg('{{name}} is now an owner.'),
  admin: msg('{{name}} is now an admin.'),
  member: msg('{{name}} is now a member.'),
  guest: msg('{{name}} is now a guest.'),
};
const roleTitles: Record<WorkspaceRole, string> = { owner: msg('Owner'), admin: msg('Admin'), member: msg('Member'), guest: msg('Guest') };
const roleTitle = (role: string): string => {
  const known = workspaceRole.safeParse(role);
  return known.success ? roleTitles[known.data] : capitalize(role);
};

/** Workspace people: owners and admins invite, change roles and remove; members see who is here. */
export function MembersRoute() {
  const { t } = useTranslation();
  const me = useMe();
  const manager = me.role === 'owner' || me.role === 'admin';
  const [gen, setGen] = useState(0);
  const members = useApi(`members-page:${gen}`, (signal) => api.workspaceMembers(signal));
  const [notice, setNotice] = useState<string | null>(null);
  const roleChange = useSubmit(async (m: WorkspaceMember, role: WorkspaceRole) => {
    setNotice(null);
    await peopleApi.changeRole(m.userId, role);
    setNotice(t(nowRole[role], { name: m.name }));
  });
  const [removing, setRemoving] = useState<WorkspaceMember | null>(null);
  const [resetting, setResetting] = useState<WorkspaceMember | null>(null);
  const [resetLink, setResetLink] = useState<{ name: string; url: string } | null>(null);
  const [resettingTwoFactor, setResettingTwoFactor] = useState<WorkspaceMember | null>(null);
  const [inviting, setInviting] = useState(false);

  if (me.role === 'guest') return <GuestsNotHere title={t('Members')} />;

  const changeRole = async (m: WorkspaceMember, role: WorkspaceRole): Promise<void> => {
    await roleChange.run(m, role);
    // Refused too: the select goes back to what the server has.
    setGen((g) => g + 1);
  };

  return (
    <main className="page">
      <div className="page__header">
        <h1>{t('Members')}</h1>
        <button type="button" className="button button--primary" onClick={() => setInviting(true)}>
          {t('Invite a member')}
        </button>
      </div>
      {!manager ? (
        <p className="notice" role="note">
          {t('Only owners and admins change roles or remove people.')}
        </p>
      ) : null}
      {roleChange.error ? (
        <p className="notice notice--error" role="alert">
          {roleChange.error}
        </p>
      ) : null}
      {notice ? (
        <p className="notice notice--success" role="status">
          {notice}
        </p>
      ) : null}
      <Async value={members} what={t('the members')}>
        {(list) => (
          <div className="table-wrap">
            <table className="case-table people-table" aria-label={t('Workspace members')}>
              <TableHead columns={[t(t(t('Name'))), t(t(t('Email'))), t(t(t('Role')))]} actions={manager} />
              <tbody>
                {list.map((m) => {
                  const self = m.userId === me.user.id;
                  const role = workspaceRole.safeParse(m.role);
                  return (
                    <tr key={m.userId} data-user-id={m.userId}>
                      <td>
                        <span className="people-table__name">
                          <Avatar id={m.userId} name={m.name} size="sm" />
                          {m.name}
                          {self ? <span className="muted"> {t('(you)')}</span> : null}
                        </span>
                      </td>
                      <td>{m.email}</td>
                      <td>
                        {manager && role.success ? (
                          <select
                            aria-label={t('Role of {{name}}', { name: m.name })}
                            value={role.data}
                            disabled={roleChange.busy}
                            title={t(roleHelp[role.data])}
                            onChange={(e) => {
                              const next = workspaceRole.safeParse(e.target.value);
                              if (next.success) void changeRole(m, next.data);
                            }}
                          >
                            {workspaceRole.options.map((r) => (
                              <option key={r} value={r}>
                                {t(roleTitles[r])}
                              </option>
                            ))}
                          </select>
                        ) : (
                          <span className={`tag${m.role === 'guest' ? ' tag--guest' : ''}`}>{t(roleTitle(m.role))}</span>
                        )}
                      </td>
                      {manager ? (
                        <td className="num">
                          {self ? null : (
                            <button
                              type="button"
                              className="link-button"
                              aria-label={t('Password reset link for {{name}}', { name: m.name })}
                              onClick={() => setResetting(m)}
                            >
                              {t('Reset link')}
                            </button>
                          )}{' '}
                          {!self && m.twoFactor ? (
                            <>
                              <button
                                type="button"
                                className="link-button"
                                aria-label={t('Reset two-factor sign-in of {{name}}', { name: m.name })}
                                onClick={() => setResettingTwoFactor(m)}
                              >
                                {t('Reset 2FA')}
                              </button>{' '}
                            </>
                          ) : null}
                          <button type="button" className="link-button link-button--danger" aria-label={`Remove ${m.name}`} onClick={() => setRemoving(m)}>
                            {t('Remove')}
                          </button>
                        </td>
                      ) : null}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </Async>

      {resetLink ? (
        <SecretOnce
          label={t('Reset link')}
          message={t('A password reset link for {{name}}: pass it on yourself. It works once, for one hour, and signs them out everywhere.', {
            name: resetLink.name,
          })}
          value={resetLink.url}
          onDone={() => setResetLink(null)}
        />
      ) : null}

      <PendingInvites generation={gen} />

      {resetting ? (
        <ConfirmDialog
          title={t('Make a password reset link for {{name}}?', { name: resetting.name })}
          confirmLabel={t('Make link')}
          onClose={() => setResetting(null)}
          onConfirm={async () => {
            roleChange.reset();
            const { url } = await peopleApi.resetLink(resetting.userId);
            setResetLink({ name: resetting.name, url });
            setResetting(null);
          }}
        >
          <p>
            {t(
              'For someone who forgot their password when this server cannot mail them one. Whoever opens the link sets their password, so give it to them only. It is recorded in the audit log.',
            )}
          </p>
        </ConfirmDialog>
      ) : null}

      {resettingTwoFactor ? (
        <ConfirmDialog
          title={t('Reset the two-factor sign-in of {{name}}?', { name: resettingTwoFactor.name })}
          confirmLabel={t('Reset 2FA')}
          onClose={() => setResettingTwoFactor(null)}
          onConfirm={async () => {
            roleChange.reset();
            await call('DELETE /api/workspace/members/{userId}/2fa', { params: { userId: resettingTwoFactor.userId } });
            setNotice(t('{{name}} signs in with their password alone until they set up two-factor sign-in again.', { name: resettingTwoFactor.name }));
            setResettingTwoFactor(null);
            setGen((g) => g + 1);
          }}
        >
          <p>
            {t(
              'For someone who lost their phone and their recovery codes. Their sessions end; they sign in with their password and set up a new app (at once, if the workspace requires it). It is recorded in the audit log.',
            )}
          </p>
        </ConfirmDialog>
      ) : null}

      {removing ? (
        <ConfirmDialog
          title={t('Remove {{name}} from the workspace?', { name: removing.name })}
          confirmLabel={t('Remove')}
          onClose={() => setRemoving(null)}
          onConfirm={async () => {
            roleChange.reset();
            await peopleApi.removeMember(removing.userId);
            setNotice(t('{{name}} was removed.', { name: removing.name }));
            setGen((g) => g + 1);
          }}
        >
          <p>{t('They lose access to every case at once: their sessions end, their open pages are cut off and their API tokens stop working.')}</p>
        </ConfirmDialog>
      ) : null}
      {inviting ? (
        <InviteDialog
          onClose={() => {
            setInviting(false);
            setGen((g) => g + 1);
          }}
        />
      ) : null}
    </main>
  );
}

function inviteKind(inv: PendingInvite, t: TFunction): string {
  if (inv.role === 'guest') return inv.access ? t('Guest ({{access}}) on a case', { access: inv.access }) : t('Guest on a case');
  return t(roleTitle(inv.role));
}

function PendingInvites({ generation }: { generation: number }) {
  const { t } = useTranslation();
  const [gen, setGen] = useState(0);
  const invites = useApi(`pending-invites:${generation}:${gen}`, (signal) => peopleApi.pendingInvites(undefined, signal));
  const revoking = useSubmit(async (id: string) => {
    await peopleApi.revokeInvite(id);
    setGen((g) => g + 1);
  });
  return (
    <section className="page-section" aria-labelledby="pending-invites-heading">
      <h2 id="pending-invites-heading">{t('Pending invites')}</h2>
      {revoking.error ? (
        <p className="notice notice--error" role="alert">
          {revoking.error}
        </p>
      ) : null}
      <Async value={invites} what={t('the invites')} empty={<p className="muted">{t('No pending invites.')}</p>}>
        {(list) => (
          <div className="table-wrap">
            <table className="case-table people-table" aria-label={t('Pending invites')}>
              <TableHead columns={[t(t(t('Email'))), t(t(t('Invited as'))), t(t(t('Expires')))]} actions />
              <tbody>
                {list.map((inv) => (
                  <tr key={inv.id}>
                    <td>{inv.email}</td>
                    <td>{inviteKind(inv, t)}</td>
                    <td>{new Date(inv.expiresAt).toLocaleDateString()}</td>
                    <td className="num">
                      <RevokeInviteButton email={inv.email} busy={revoking.busy} onRevoke={() => void revoking.run(inv.id)} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Async>
    </section>
  );
}
