import { useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { caseAccess, type CaseAccess, type CaseMember, type WorkspaceMember } from '@casehub/contract';
import { errorMessage } from '../../lib/api';
import { peopleApi } from '../../lib/peopleApi';
import { useApi } from '../../lib/useApi';
import { useSubmit } from '../../lib/useSubmit';
import { Avatar } from '../../components/Avatar';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { accessLabels, teamRoleSuggestions } from './roles';
import { GuestInviteDialog } from './GuestInviteDialog';
import { RevokeInviteButton } from './RevokeInviteButton';
import { FormError } from '../../components/FormError';
import { formatLocale } from '../../i18n';

interface CaseTeamPanelProps {
  caseId: string;
  caseTitle: string;
  members: CaseMember[];
  /** Workspace people (with their workspace role), to pick from and to tell guests apart. */
  workspace: WorkspaceMember[];
  /** Ids of the people on the case right now (either document). */
  present: ReadonlySet<string>;
  meId: string;
  /** Team editors, owners and admins: add, change, remove people and invite guests. */
  canManage: boolean;
  /** After a change: reload the case (members come with it). */
  onChanged: () => void;
}

/** Who works on the case, in what role and with what access, live presence, and (for managers) changing all that. */
export function CaseTeamPanel({ caseId, caseTitle, members, workspace, present, meId, canManage, onChanged }: CaseTeamPanelProps) {
  const { t } = useTranslation();
  const roles = useMemo(() => new Map(workspace.map((m) => [m.userId, m.role])), [workspace]);
  const [editing, setEditing] = useState<string | null>(null);
  const [removing, setRemoving] = useState<CaseMember | null>(null);
  const [inviting, setInviting] = useState(false);
  const [invitesGen, setInvitesGen] = useState(0);
  const suggestionsId = useId();

  const team = members.filter((m) => roles.get(m.userId) !== 'guest');
  const guests = members.filter((m) => roles.get(m.userId) === 'guest');

  // Adding and changing a member: the panel says what went wrong; the form resolves either way.
  const saving = useSubmit(async (userId: string, access: CaseAccess, role: string) => {
    await peopleApi.addCaseMember(caseId, { userId, access, ...(role.trim() ? { role: role.trim() } : {}) });
    setEditing(null);
    onChanged();
  });

  const row = (m: CaseMember, guest: boolean) => {
    const here = present.has(m.userId);
    const me = m.userId === meId;
    if (editing === m.userId) {
      return (
        <li key={m.userId} className="team-member team-member--editing">
          <MemberForm
            submitLabel={t('Save')}
            suggestionsId={suggestionsId}
            initialRole={m.role ?? ''}
            initialAccess={m.access}
            fixedName={m.name}
            onSubmit={(access, role) => saving.run(m.userId, access, role)}
            onCancel={() => setEditing(null)}
          />
        </li>
      );
    }
    return (
      <li key={m.userId} className="team-member" data-user-id={m.userId}>
        <span className={`presence-dot${here ? ' presence-dot--on' : ''}`} title={here ? t('On the case now') : t('Not here now')} aria-hidden="true" />
        <Avatar id={m.userId} name={m.name} size="sm" />
        <div className="team-member__main">
          <span className="team-member__name">
            {m.name}
            {me ? <span className="muted"> {t('(you)')}</span> : null}
            {guest ? <span className="tag tag--guest">{t('Guest')}</span> : null}
          </span>
          <span className="team-member__meta muted">
            {m.role ? <span className="team-member__role">{m.role}</span> : null}
            {m.role ? ' · ' : null}
            {t(accessLabels[m.access])}
            <span className="visually-hidden">{here ? t(', on the case now') : t(', not here now')}</span>
          </span>
        </div>
        {canManage ? (
          <span className="team-member__actions">
            <button
              type="button"
              className="link-button"
              aria-label={t('Edit role or access of {{name}}', { name: m.name })}
              onClick={() => setEditing(m.userId)}
            >
              {t('Edit')}
            </button>
            <button
              type="button"
              className="link-button link-button--danger"
              aria-label={t('Remove {{name}}', { name: m.name })}
              onClick={() => setRemoving(m)}
            >
              {t('Remove')}
            </button>
          </span>
        ) : null}
      </li>
    );
  };

  const onTeam = new Set(members.map((m) => m.userId));
  const candidates = workspace.filter((m) => m.role !== 'guest' && !onTeam.has(m.userId));

  return (
    <section className="team-panel" aria-labelledby="team-panel-heading">
      <div className="team-panel__header">
        <h2 id="team-panel-heading">{t('Case team')}</h2>
        {canManage ? (
          <button type="button" className="button button--small" onClick={() => setInviting(true)}>
            {t('Invite a guest')}
          </button>
        ) : null}
      </div>
      <datalist id={suggestionsId}>
        {teamRoleSuggestions.map((r) => (
          <option key={r} value={r} />
        ))}
      </datalist>
      <FormError message={saving.error} />
      {team.length === 0 ? <p className="muted team-panel__empty">{t('Nobody is on the team yet.')}</p> : null}
      <ul className="team-list" aria-label={t('Team members')}>
        {team.map((m) => row(m, false))}
      </ul>
      {guests.length > 0 ? (
        <>
          <h3 className="team-panel__subheading">{t('Guests')}</h3>
          <ul className="team-list" aria-label={t('Guests')}>
            {guests.map((m) => row(m, true))}
          </ul>
        </>
      ) : null}
      {canManage ? (
        <>
          <AddMember candidates={candidates} suggestionsId={suggestionsId} onAdd={saving.run} />
          {/* Reloaded when an invite is made and when the team changes (an invite was accepted). */}
          <PendingGuestInvites caseId={caseId} generation={`${invitesGen}:${members.map((m) => m.userId).join(',')}`} />
        </>
      ) : null}
      {removing ? (
        <ConfirmDialog
          title={
            roles.get(removing.userId) === 'guest'
              ? t('Remove guest {{name}}?', { name: removing.name })
              : t('Remove {{name}} from the team?', { name: removing.name })
          }
          confirmLabel={t('Remove')}
          onClose={() => setRemoving(null)}
          onConfirm={async () => {
            await peopleApi.removeCaseMember(caseId, removing.userId);
            onChanged();
          }}
        >
          <p>
            {roles.get(removing.userId) === 'guest'
              ? t('Their access to this case ends at once: an open page is cut off and every later request is refused.')
              : t('They leave the case team. Workspace members can still open cases that are not private.')}
          </p>
        </ConfirmDialog>
      ) : null}
      {inviting ? (
        <GuestInviteDialog caseId={caseId} caseTitle={caseTitle} onClose={() => setInviting(false)} onInvited={() => setInvitesGen((g) => g + 1)} />
      ) : null}
    </section>
  );
}

function MemberForm({
  submitLabel,
  suggestionsId,
  initialRole,
  initialAccess,
  fixedName,
  candidates,
  onSubmit,
  onCancel,
}: {
  submitLabel: string;
  suggestionsId: string;
  initialRole: string;
  initialAccess: CaseAccess;
  fixedName?: string;
  candidates?: WorkspaceMember[];
  onSubmit: (access: CaseAccess, role: string, userId: string) => Promise<void>;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const ids = { person: useId(), role: useId(), access: useId() };
  const [userId, setUserId] = useState('');
  const [role, setRole] = useState(initialRole);
  const [access, setAccess] = useState<CaseAccess>(initialAccess);
  // Only for busy: onSubmit says itself what went wrong.
  const submitting = useSubmit(async () => {
    await onSubmit(access, role, userId);
    if (candidates) {
      setUserId('');
      setRole('');
    }
  });

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (candidates && !userId) return;
    void submitting.run();
  };

  return (
    <form
      className="member-form"
      onSubmit={submit}
      aria-label={fixedName ? t('Role and access of {{name}}', { name: fixedName }) : t('Add a person to the team')}
    >
      {candidates ? (
        <div className="field">
          <label htmlFor={ids.person}>{t('Person')}</label>
          <select id={ids.person} value={userId} onChange={(e) => setUserId(e.target.value)}>
            <option value="">{t('Choose a workspace member…')}</option>
            {candidates.map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name} ({m.email})
              </option>
            ))}
          </select>
        </div>
      ) : (
        <strong>{fixedName}</strong>
      )}
      <div className="field-row">
        <div className="field field--grow">
          <label htmlFor={ids.role}>{t('Role on the case')}</label>
          <input
            id={ids.role}
            list={suggestionsId}
            value={role}
            maxLength={60}
            placeholder={t('e.g. sales engineer')}
            onChange={(e) => setRole(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.access}>{t('Access')}</label>
          <select id={ids.access} value={access} onChange={(e) => setAccess(caseAccess.parse(e.target.value))}>
            {caseAccess.options.map((a) => (
              <option key={a} value={a}>
                {t(accessLabels[a])}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="member-form__actions">
        {onCancel ? (
          <button type="button" className="button button--small" onClick={onCancel}>
            {t('Cancel')}
          </button>
        ) : null}
        <button type="submit" className="button button--small button--primary" disabled={submitting.busy || (candidates !== undefined && !userId)}>
          {submitting.busy ? t('Saving…') : submitLabel}
        </button>
      </div>
    </form>
  );
}

function AddMember({
  candidates,
  suggestionsId,
  onAdd,
}: {
  candidates: WorkspaceMember[];
  suggestionsId: string;
  onAdd: (userId: string, access: CaseAccess, role: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <button type="button" className="link-button team-panel__add" onClick={() => setOpen(true)} disabled={candidates.length === 0}>
        {candidates.length === 0 ? t('Everyone in the workspace is on the team') : t('+ Add a team member')}
      </button>
    );
  }
  return (
    <MemberForm
      submitLabel={t('Add to team')}
      suggestionsId={suggestionsId}
      initialRole=""
      initialAccess="editor"
      candidates={candidates}
      onSubmit={(access, role, userId) => onAdd(userId, access, role)}
      onCancel={() => setOpen(false)}
    />
  );
}

function PendingGuestInvites({ caseId, generation }: { caseId: string; generation: string }) {
  const { t } = useTranslation();
  const [gen, setGen] = useState(0);
  const invites = useApi(`case-invites:${caseId}:${generation}:${gen}`, (signal) => peopleApi.pendingInvites(caseId, signal));
  const revoking = useSubmit(async (id: string) => {
    await peopleApi.revokeInvite(id);
    setGen((g) => g + 1);
  });
  const list = invites.data ?? [];
  if (invites.state === 'error' && !invites.data) {
    return (
      <p className="muted team-panel__note" role="alert">
        {t('Could not load pending invites: {{reason}}', { reason: errorMessage(invites.error) })}
      </p>
    );
  }
  if (list.length === 0) return null;
  return (
    <>
      <h3 className="team-panel__subheading">{t('Pending guest invites')}</h3>
      <FormError message={revoking.error} />
      <ul className="team-list" aria-label={t('Pending guest invites')}>
        {list.map((inv) => (
          <li key={inv.id} className="team-member">
            <div className="team-member__main">
              <span className="team-member__name">{inv.email}</span>
              <span className="team-member__meta muted">
                {t('{{access}} · expires {{date}}', {
                  access: inv.access ? t(accessLabels[inv.access]) : t('Guest'),
                  date: new Date(inv.expiresAt).toLocaleDateString(formatLocale()),
                })}
              </span>
            </div>
            <span className="team-member__actions">
              <RevokeInviteButton email={inv.email} busy={revoking.busy} onRevoke={() => void revoking.run(inv.id)} />
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}
