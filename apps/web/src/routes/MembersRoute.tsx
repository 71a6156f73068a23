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

const roleHelp: Record<WorkspaceRole, string> = {
  owner: 'everything, including owners and admins',
  admin: 'manages members, guests and the audit log',
  member: 'opens every case that is not private',
  guest: 'only the cases they are invited to',
};

/** Workspace people: owners and admins invite, change roles and remove; members see who is here. */
export function MembersRoute() {
  const me = useMe();
  const manager = me.role === 'owner' || me.role === 'admin';
  const [gen, setGen] = useState(0);
  const members = useApi(`members-page:${gen}`, (signal) => api.workspaceMembers(signal));
  const [notice, setNotice] = useState<string | null>(null);
  const roleChange = useSubmit(async (m: WorkspaceMember, role: WorkspaceRole) => {
    setNotice(null);
    await peopleApi.changeRole(m.userId, role);
    setNotice(`${m.name} is now ${role === 'admin' || role === 'owner' ? 'an' : 'a'} ${role}.`);
  });
  const [removing, setRemoving] = useState<WorkspaceMember | null>(null);
  const [resetting, setResetting] = useState<WorkspaceMember | null>(null);
  const [resetLink, setResetLink] = useState<{ name: string; url: string } | null>(null);
  const [resettingTwoFactor, setResettingTwoFactor] = useState<WorkspaceMember | null>(null);
  const [inviting, setInviting] = useState(false);

  if (me.role === 'guest') return <GuestsNotHere title="Members" />;

  const changeRole = async (m: WorkspaceMember, role: WorkspaceRole): Promise<void> => {
    await roleChange.run(m, role);
    // Refused too: the select goes back to what the server has.
    setGen((g) => g + 1);
  };

  return (
    <main className="page">
      <div className="page__header">
        <h1>Members</h1>
        <button type="button" className="button button--primary" onClick={() => setInviting(true)}>
          Invite a member
        </button>
      </div>
      {!manager ? (
        <p className="notice" role="note">
          Only owners and admins change roles or remove people.
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
      <Async value={members} what="the members">
        {(list) => (
          <div className="table-wrap">
            <table className="case-table people-table" aria-label="Workspace members">
              <TableHead columns={['Name', 'Email', 'Role']} actions={manager} />
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
                          {self ? <span className="muted"> (you)</span> : null}
                        </span>
                      </td>
                      <td>{m.email}</td>
                      <td>
                        {manager && role.success ? (
                          <select
                            aria-label={`Role of ${m.name}`}
                            value={role.data}
                            disabled={roleChange.busy}
                            title={roleHelp[role.data]}
                            onChange={(e) => {
                              const next = workspaceRole.safeParse(e.target.value);
                              if (next.success) void changeRole(m, next.data);
                            }}
                          >
                            {workspaceRole.options.map((r) => (
                              <option key={r} value={r}>
                                {capitalize(r)}
                              </option>
                            ))}
                          </select>
                        ) : (
                          <span className={`tag${m.role === 'guest' ? ' tag--guest' : ''}`}>{capitalize(m.role)}</span>
                        )}
                      </td>
                      {manager ? (
                        <td className="num">
                          {self ? null : (
                            <button type="button" className="link-button" aria-label={`Password reset link for ${m.name}`} onClick={() => setResetting(m)}>
                              Reset link
                            </button>
                          )}{' '}
                          {!self && m.twoFactor ? (
                            <>
                              <button
                                type="button"
                                className="link-button"
                                aria-label={`Reset two-factor sign-in of ${m.name}`}
                                onClick={() => setResettingTwoFactor(m)}
                              >
                                Reset 2FA
                              </button>{' '}
                            </>
                          ) : null}
                          <button type="button" className="link-button link-button--danger" aria-label={`Remove ${m.name}`} onClick={() => setRemoving(m)}>
                            Remove
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
          label="Reset link"
          message={`A password reset link for ${resetLink.name}: pass it on yourself. It works once, for one hour, and signs them out everywhere.`}
          value={resetLink.url}
          onDone={() => setResetLink(null)}
        />
      ) : null}

      <PendingInvites generation={gen} />

      {resetting ? (
        <ConfirmDialog
          title={`Make a password reset link for ${resetting.name}?`}
          confirmLabel="Make link"
          onClose={() => setResetting(null)}
          onConfirm={async () => {
            roleChange.reset();
            const { url } = await peopleApi.resetLink(resetting.userId);
            setResetLink({ name: resetting.name, url });
            setResetting(null);
          }}
        >
          <p>
            For someone who forgot their password when this server cannot mail them one. Whoever opens the link sets their password, so give it to them only. It
            is recorded in the audit log.
          </p>
        </ConfirmDialog>
      ) : null}

      {resettingTwoFactor ? (
        <ConfirmDialog
          title={`Reset the two-factor sign-in of ${resettingTwoFactor.name}?`}
          confirmLabel="Reset 2FA"
          onClose={() => setResettingTwoFactor(null)}
          onConfirm={async () => {
            roleChange.reset();
            await call('DELETE /api/workspace/members/{userId}/2fa', { params: { userId: resettingTwoFactor.userId } });
            setNotice(`${resettingTwoFactor.name} signs in with their password alone until they set up two-factor sign-in again.`);
            setResettingTwoFactor(null);
            setGen((g) => g + 1);
          }}
        >
          <p>
            For someone who lost their phone and their recovery codes. Their sessions end; they sign in with their password and set up a new app (at once, if
            the workspace requires it). It is recorded in the audit log.
          </p>
        </ConfirmDialog>
      ) : null}

      {removing ? (
        <ConfirmDialog
          title={`Remove ${removing.name} from the workspace?`}
          confirmLabel="Remove"
          onClose={() => setRemoving(null)}
          onConfirm={async () => {
            roleChange.reset();
            await peopleApi.removeMember(removing.userId);
            setNotice(`${removing.name} was removed.`);
            setGen((g) => g + 1);
          }}
        >
          <p>They lose access to every case at once: their sessions end, their open pages are cut off and their API tokens stop working.</p>
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

function inviteKind(inv: PendingInvite): string {
  if (inv.role === 'guest') return `Guest${inv.access ? ` (${inv.access})` : ''} on a case`;
  return capitalize(inv.role);
}

function PendingInvites({ generation }: { generation: number }) {
  const [gen, setGen] = useState(0);
  const invites = useApi(`pending-invites:${generation}:${gen}`, (signal) => peopleApi.pendingInvites(undefined, signal));
  const revoking = useSubmit(async (id: string) => {
    await peopleApi.revokeInvite(id);
    setGen((g) => g + 1);
  });
  return (
    <section className="page-section" aria-labelledby="pending-invites-heading">
      <h2 id="pending-invites-heading">Pending invites</h2>
      {revoking.error ? (
        <p className="notice notice--error" role="alert">
          {revoking.error}
        </p>
      ) : null}
      <Async value={invites} what="the invites" empty={<p className="muted">No pending invites.</p>}>
        {(list) => (
          <div className="table-wrap">
            <table className="case-table people-table" aria-label="Pending invites">
              <TableHead columns={['Email', 'Invited as', 'Expires']} actions />
              <tbody>
                {list.map((inv) => (
                  <tr key={inv.id}>
                    <td>{inv.email}</td>
                    <td>{inviteKind(inv)}</td>
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
