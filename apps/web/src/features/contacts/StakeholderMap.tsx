import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { stakeholderRoles, type Stakeholder, type StakeholderRole } from '@casehub/contract';
import { Async } from '../../components/Async';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { FormError } from '../../components/FormError';
import { useApi } from '../../lib/useApi';
import { useDebouncedValue } from '../../lib/useDebouncedValue';
import { useSubmit } from '../../lib/useSubmit';
import { contactsApi, stakeholderRoleLabels } from './contactsApi';
import { Trans, useTranslation } from 'react-i18next';
import { msg } from '../../i18n';

const influenceLabels = ['', msg('1 — little'), '2', msg('3 — some'), '4', msg('5 — decisive')];

/** Influence 1–5 as five dots, read out as "Influence 4 of 5". */
export function InfluenceMeter({ value }: { value: number }) {
  const { t } = useTranslation();
  const label = t('Influence {{value}} of 5', { value });
  return (
    <span className="influence" role="img" aria-label={label} title={label}>
      {[1, 2, 3, 4, 5].map((n) => (
        <span key={n} className={`influence__dot${n <= value ? ' influence__dot--on' : ''}`} />
      ))}
    </span>
  );
}

function RoleAndInfluence({
  role,
  influence,
  onRole,
  onInfluence,
}: {
  role: StakeholderRole;
  influence: number;
  onRole: (r: StakeholderRole) => void;
  onInfluence: (n: number) => void;
}) {
  const { t } = useTranslation();
  const ids = { role: useId(), influence: useId() };
  return (
    <div className="field-row">
      <div className="field">
        <label htmlFor={ids.role}>{t('Role')}</label>
        <select id={ids.role} value={role} onChange={(e) => onRole(stakeholderRoles.find((r) => r === e.target.value) ?? 'user')}>
          {stakeholderRoles.map((r) => (
            <option key={r} value={r}>
              {t(stakeholderRoleLabels[r])}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.influence}>{t('Influence')}</label>
        <select id={ids.influence} value={influence} onChange={(e) => onInfluence(Number(e.target.value))}>
          {[1, 2, 3, 4, 5].map((n) => (
            <option key={n} value={n}>
              {t(influenceLabels[n] ?? String(n))}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

/**
 * The case's stakeholder map: its contacts grouped by role (decision makers
 * first), each with their influence. Editors add, change and remove them.
 */
export function StakeholderMap({ caseId, editable }: { caseId: string; editable: boolean }) {
  const { t } = useTranslation();
  const [gen, setGen] = useState(0);
  const list = useApi(`stakeholders:${caseId}:${gen}`, (signal) => contactsApi.stakeholders(caseId, signal));
  const [editing, setEditing] = useState<string | null>(null);
  const [removing, setRemoving] = useState<Stakeholder | null>(null);
  const reload = (): void => setGen((g) => g + 1);
  // Adding and editing share one message; `run` answers true once saved (undefined when it failed).
  const saving = useSubmit(async (contactId: string, role: StakeholderRole, influence: number) => {
    await contactsApi.setStakeholder(caseId, contactId, { role, influence });
    reload();
    return true;
  });

  return (
    <section className="team-panel stakeholders" aria-labelledby="stakeholders-heading">
      <div className="team-panel__header">
        <h2 id="stakeholders-heading">{t('Stakeholder map')}</h2>
      </div>
      <FormError message={saving.error} />
      <Async
        value={list}
        what={t('the stakeholders')}
        empty={<p className="muted">{t('No stakeholders yet. Add who decides, who champions and who blocks.')}</p>}
      >
        {(people) => (
          <div className="stakeholder-grid">
            {stakeholderRoles.map((role) => {
              const here = people.filter((p) => p.role === role);
              if (here.length === 0) return null;
              return (
                <div key={role} className={`stakeholder-group stakeholder-group--${role}`} data-role={role}>
                  <h3 id={`stakeholders-${role}`}>{t(stakeholderRoleLabels[role])}</h3>
                  <ul className="plain-list" aria-labelledby={`stakeholders-${role}`}>
                    {here.map((p) =>
                      editing === p.contactId ? (
                        <li key={p.contactId} className="stakeholder stakeholder--editing">
                          <EditStakeholder
                            person={p}
                            onCancel={() => setEditing(null)}
                            onSave={async (r, n) => (await saving.run(p.contactId, r, n)) && setEditing(null)}
                          />
                        </li>
                      ) : (
                        <li key={p.contactId} className="stakeholder" data-contact-id={p.contactId}>
                          <span className="stakeholder__who">
                            <Link to={`/contacts/${encodeURIComponent(p.contactId)}`}>{p.name}</Link>
                            {p.title ? <span className="muted"> · {p.title}</span> : null}
                          </span>
                          <InfluenceMeter value={p.influence} />
                          {editable ? (
                            <span className="stakeholder__actions">
                              <button
                                type="button"
                                className="link-button"
                                aria-label={t('Change role or influence of {{name}}', { name: p.name })}
                                onClick={() => setEditing(p.contactId)}
                              >
                                {t('Edit')}
                              </button>
                              <button
                                type="button"
                                className="link-button link-button--danger"
                                aria-label={t('Remove {{name}} from the stakeholder map', { name: p.name })}
                                onClick={() => setRemoving(p)}
                              >
                                {t('Remove')}
                              </button>
                            </span>
                          ) : null}
                        </li>
                      ),
                    )}
                  </ul>
                </div>
              );
            })}
          </div>
        )}
      </Async>
      {editable && list.data ? <AddStakeholder onMap={new Set(list.data.map((p) => p.contactId))} busy={saving.busy} onAdd={saving.run} /> : null}
      {removing ? (
        <ConfirmDialog
          title={t('Remove {{name}} from the stakeholder map?', { name: removing.name })}
          confirmLabel={t('Remove')}
          onClose={() => setRemoving(null)}
          onConfirm={async () => {
            await contactsApi.removeStakeholder(caseId, removing.contactId);
            reload();
          }}
        >
          <p>{t('The contact stays in Contacts; only their place on this case goes.')}</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}

function EditStakeholder({
  person,
  onSave,
  onCancel,
}: {
  person: Stakeholder;
  onSave: (r: StakeholderRole, n: number) => Promise<unknown>;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [role, setRole] = useState(person.role);
  const [influence, setInfluence] = useState(person.influence);
  return (
    <form
      className="stakeholder-form"
      aria-label={t('Change {{name}}', { name: person.name })}
      onSubmit={(e) => {
        e.preventDefault();
        void onSave(role, influence);
      }}
    >
      <strong>{person.name}</strong>
      <RoleAndInfluence role={role} influence={influence} onRole={setRole} onInfluence={setInfluence} />
      <div className="stakeholder-form__buttons">
        <button type="submit" className="button button--small button--primary">
          {t('Save')}
        </button>
        <button type="button" className="button button--small" onClick={onCancel}>
          {t('Cancel')}
        </button>
      </div>
    </form>
  );
}

function AddStakeholder({
  onMap,
  busy,
  onAdd,
}: {
  onMap: ReadonlySet<string>;
  busy: boolean;
  /** True once added. */
  onAdd: (contactId: string, role: StakeholderRole, influence: number) => Promise<boolean | undefined>;
}) {
  const { t } = useTranslation();
  const ids = { find: useId(), contact: useId() };
  const [q, setQ] = useState('');
  const query = useDebouncedValue(q, 200);
  const found = useApi(`stakeholder-candidates:${query}`, (signal) => contactsApi.listContacts({ q: query, limit: 50 }, signal));
  const candidates = (found.data?.contacts ?? []).filter((c) => !onMap.has(c.id));
  const [contactId, setContactId] = useState('');
  const [role, setRole] = useState<StakeholderRole>('decision-maker');
  const [influence, setInfluence] = useState(3);
  const chosen = candidates.some((c) => c.id === contactId) ? contactId : (candidates[0]?.id ?? '');

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!chosen) return;
    if (await onAdd(chosen, role, influence)) {
      setContactId('');
      setQ('');
    }
  };

  return (
    <form className="stakeholder-form stakeholder-form--add" aria-label={t('Add a stakeholder')} onSubmit={(e) => void submit(e)}>
      <h3 className="team-panel__subheading">{t('Add a stakeholder')}</h3>
      <div className="field">
        <label htmlFor={ids.find}>{t('Find a contact')}</label>
        <input id={ids.find} type="search" value={q} placeholder={t('Name, address or title')} onChange={(e) => setQ(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={ids.contact}>{t('Contact')}</label>
        <select id={ids.contact} value={chosen} onChange={(e) => setContactId(e.target.value)} disabled={candidates.length === 0}>
          {candidates.length === 0 ? <option value="">{found.data ? t('No contact found') : t('Loading…')}</option> : null}
          {candidates.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
              {c.accountName ? ` (${c.accountName})` : ''}
            </option>
          ))}
        </select>
        {found.data && found.data.total === 0 && !query ? (
          <p className="field__hint">
            <Trans i18nKey="No contacts yet: <contacts>create one in Contacts</contacts>." components={{ contacts: <Link to="/contacts" /> }} />
          </p>
        ) : null}
      </div>
      <RoleAndInfluence role={role} influence={influence} onRole={setRole} onInfluence={setInfluence} />
      <button type="submit" className="button button--small button--primary" disabled={!chosen || busy}>
        {busy ? t('Adding…') : t('Add to map')}
      </button>
    </form>
  );
}
