import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import type { ResponseTargets, RoutingRule, RoutingRuleInput, RoutingTeam, WorkspaceMember } from '@casehub/contract';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { FormError } from '../components/FormError';
import { Async } from '../components/Async';
import { api } from '../lib/api';
import { useApi } from '../lib/useApi';
import { useSubmit } from '../lib/useSubmit';
import { useMe } from '../features/auth/session';
import { contactsApi } from '../features/contacts/contactsApi';
import { RuleDialog } from '../features/routing/RuleDialog';
import { routingApi } from '../features/routing/routingApi';
import { FormActions, SettingsFormEnd } from '../components/FormActions';
import { GuestsNotHere } from '../components/GuestsNotHere';
import { InboxAddress } from '../features/triage/InboxAddress';
import { Trans, useTranslation } from 'react-i18next';
import { i18n, msg } from '../i18n';

/** What a rule does, in one line. */
function ruleSummary(rule: RoutingRule, members: WorkspaceMember[], teams: RoutingTeam[], accounts: Array<{ id: string; name: string }>): string {
  const c = rule.conditions;
  const when = [
    c.keywords?.length ? i18n.t('mentions {{keywords}}', { keywords: c.keywords.map((k) => `"${k}"`).join(` ${i18n.t('or')} `) }) : null,
    c.segment ? i18n.t('sender in segment "{{segment}}"', { segment: c.segment }) : null,
    c.senderDomain ? i18n.t('from @{{domain}}', { domain: c.senderDomain }) : null,
    c.accountId ? i18n.t('from account {{deleted}}', { deleted: accounts.find((a) => a.id === c.accountId)?.name ?? '(deleted)' }) : null,
  ].filter(Boolean);
  const a = rule.action.assign;
  const who =
    a.type === 'user'
      ? (members.find((m) => m.userId === a.userId)?.name ?? i18n.t('a former member'))
      : a.type === 'round-robin'
        ? i18n.t('team {{deleted}}, in turn', { deleted: teams.find((team) => team.id === a.teamId)?.name ?? '(deleted)' })
        : i18n.t("the sender's account owner");
  const whenText = when.length ? i18n.t('When it {{and}}', { and: when.join(` ${i18n.t('and')} `) }) : i18n.t('Every message');
  return rule.action.caseId ? i18n.t('{{when}} → {{who}}, filed on its case', { when: whenText, who }) : i18n.t('{{when}} → {{who}}', { when: whenText, who });
}

const kinds = [
  ['support', msg('Support cases: first answer within (hours)')],
  ['deal', msg('Deals: first answer within (hours)')],
] as const;

function TargetsForm({ targets, canEdit }: { targets: ResponseTargets; canEdit: boolean }) {
  const { t } = useTranslation();
  const [hours, setHours] = useState(() => Object.fromEntries(kinds.map(([k]) => [k, String(targets[k] / 60)])) as Record<keyof ResponseTargets, string>);
  const [saved, setSaved] = useState(false);
  const saving = useSubmit(async (minutes: ResponseTargets) => {
    // The form already shows what was saved. Reloading would remount it
    // (its key is the loaded targets) and take the notice away at once.
    await routingApi.saveTargets(minutes);
    setSaved(true);
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    const minutes = Object.fromEntries(kinds.map(([k]) => [k, Math.round(Number(hours[k]) * 60)])) as ResponseTargets;
    if (Object.values(minutes).some((m) => !Number.isFinite(m) || m < 1))
      return saving.fail(t('Each target must be a number of hours above zero (0.5 is half an hour)'));
    void saving.run(minutes);
  }
  return (
    <form className="stack" onSubmit={submit} aria-label={t('First-response targets')} noValidate>
      <div className="field-row">
        {kinds.map(([kind, label]) => (
          <div className="field" key={kind}>
            <label htmlFor={`target-${kind}`}>{t(label)}</label>
            <input
              id={`target-${kind}`}
              type="number"
              min="0.1"
              step="0.5"
              value={hours[kind]}
              disabled={!canEdit}
              onChange={(e) => setHours((h) => ({ ...h, [kind]: e.target.value }))}
            />
          </div>
        ))}
      </div>
      <SettingsFormEnd
        error={saving.error}
        saved={saved ? t('Targets saved. New messages get the new clock.') : null}
        editable={canEdit}
        busy={saving.busy}
        submitLabel={t('Save targets')}
        primary={false}
      />
    </form>
  );
}

function TeamForm({ team, members, onSaved, onCancel }: { team: RoutingTeam | null; members: WorkspaceMember[]; onSaved: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(team?.name ?? '');
  const [picked, setPicked] = useState<Set<string>>(new Set(team?.memberIds ?? []));
  const saving = useSubmit(async (input: { name: string; memberIds: string[] }) => {
    if (team) await routingApi.updateTeam(team.id, input);
    else await routingApi.createTeam(input);
    onSaved();
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    if (!name.trim()) return saving.fail(t('Name the team'));
    void saving.run({ name: name.trim(), memberIds: [...picked] });
  }
  return (
    <form className="stack card" onSubmit={submit} aria-label={team ? t('Edit team {{name}}', { name: team.name }) : t('New team')} noValidate>
      <div className="field">
        <label htmlFor="team-name">{t('Team name')}</label>
        <input id="team-name" value={name} maxLength={80} onChange={(e) => setName(e.target.value)} />
      </div>
      <fieldset>
        <legend>{t('Who takes turns')}</legend>
        {members.map((m) => (
          <label key={m.userId} className="check">
            <input
              type="checkbox"
              checked={picked.has(m.userId)}
              onChange={(e) =>
                setPicked((s) => {
                  const next = new Set(s);
                  if (e.target.checked) next.add(m.userId);
                  else next.delete(m.userId);
                  return next;
                })
              }
            />{' '}
            {m.name}
          </label>
        ))}
      </fieldset>
      <FormError message={saving.error} />
      <FormActions onCancel={onCancel} submitLabel={t('Save team')} busy={saving.busy} />
    </form>
  );
}

/**
 * Settings → Routing: where inbound mail goes and who owns it. Case address,
 * thread and the sender's contact come first and are not editable; the rules
 * here are tried in order after them (and decide the owner whenever one matches).
 */
export function RoutingRoute() {
  const { t } = useTranslation();
  const me = useMe();
  const canEdit = me.role === 'owner' || me.role === 'admin';
  const [gen, setGen] = useState(0);
  const reload = () => setGen((g) => g + 1);
  const rules = useApi(`routing-rules:${gen}`, (signal) => routingApi.rules(signal));
  const teams = useApi(`routing-teams:${gen}`, (signal) => routingApi.teams(signal));
  const targets = useApi(`routing-targets:${gen}`, (signal) => routingApi.targets(signal));
  const members = useApi('routing-members', (signal) => api.workspaceMembers(signal));
  const accounts = useApi('routing-accounts', (signal) => contactsApi.listAccounts({ limit: 200 }, signal));
  const [editing, setEditing] = useState<RoutingRule | 'new' | null>(null);
  const [teamForm, setTeamForm] = useState<RoutingTeam | 'new' | null>(null);
  const [deleting, setDeleting] = useState<RoutingRule | null>(null);
  // Reordering, turning a rule on or off, deleting a team: the page reloads after each.
  const act = useSubmit(async (work: () => Promise<unknown>) => {
    await work();
    reload();
  });

  if (me.role === 'guest') return <GuestsNotHere title={t('Routing')} />;

  const people = (members.data ?? []).filter((m) => m.role !== 'guest');
  const ruleList = rules.data ?? [];
  const move = (index: number, by: -1 | 1) => {
    const ids = ruleList.map((r) => r.id);
    const [id] = ids.splice(index, 1);
    if (!id) return;
    ids.splice(index + by, 0, id);
    void act.run(() => routingApi.reorder(ids));
  };
  const save = async (input: RoutingRuleInput) => {
    if (editing && editing !== 'new') await routingApi.updateRule(editing.id, input);
    else await routingApi.createRule(input);
    reload();
  };

  return (
    <main className="page stack">
      <div className="page__header">
        <h1>{t('Routing')}</h1>
        {canEdit ? (
          <button type="button" className="button button--primary" onClick={() => setEditing('new')}>
            {t('New rule')}
          </button>
        ) : null}
      </div>
      {!canEdit ? (
        <p className="notice" role="note">
          {t('Only owners and admins change routing.')}
        </p>
      ) : null}
      {act.error ? (
        <p className="notice notice--error" role="alert">
          {act.error}
        </p>
      ) : null}

      <section aria-labelledby="inbox-heading" className="stack">
        <h2 id="inbox-heading">{t('Workspace inbox')}</h2>
        <p className="muted">
          <Trans
            i18nKey="Send or forward mail to this address: it is routed like any other, and what matches no case waits in <triage>Triage</triage>."
            components={{ triage: <Link to="/triage" /> }}
          />
        </p>
        <InboxAddress />
      </section>

      <section aria-labelledby="rules-heading" className="stack">
        <h2 id="rules-heading">{t('Rules')}</h2>
        <p className="muted">
          {t(
            "Mail sent to a case's address, replies in a case's thread, and mail from a known contact land on their case first. Then these rules are tried in order: the first that matches decides who owns the message, and can file it on a case. Unplaced mail waits in triage. Every decision is written on the message in the stream.",
          )}
        </p>
        <Async
          value={rules}
          what={t('rules')}
          empty={
            <div className="empty">
              <p>{t('No rules yet: mail goes by address, thread and sender only.')}</p>
            </div>
          }
        >
          {(list) => (
            <ol className="rule-list" aria-label={t('Routing rules, in the order they are tried')}>
              {list.map((rule, i) => (
                <li key={rule.id} className={`rule-list__item${rule.enabled ? '' : ' rule-list__item--off'}`}>
                  <div>
                    <strong>{rule.name}</strong>
                    {rule.enabled ? null : <span className="muted"> {t('(off)')}</span>}
                    <div className="muted">{ruleSummary(rule, people, teams.data ?? [], accounts.data?.accounts ?? [])}</div>
                  </div>
                  {canEdit ? (
                    <div className="rule-list__actions">
                      <button
                        type="button"
                        className="button button--small"
                        disabled={i === 0}
                        onClick={() => move(i, -1)}
                        aria-label={t('Move {{name}} up', { name: rule.name })}
                      >
                        ↑
                      </button>
                      <button
                        type="button"
                        className="button button--small"
                        disabled={i === list.length - 1}
                        onClick={() => move(i, 1)}
                        aria-label={t('Move {{name}} down', { name: rule.name })}
                      >
                        ↓
                      </button>
                      <button
                        type="button"
                        className="button button--small"
                        onClick={() => void act.run(() => routingApi.updateRule(rule.id, { enabled: !rule.enabled }))}
                      >
                        {rule.enabled ? t('Turn off') : t('Turn on')}
                      </button>
                      <button type="button" className="button button--small" onClick={() => setEditing(rule)}>
                        {t('Edit')}
                      </button>
                      <button type="button" className="button button--small button--danger" onClick={() => setDeleting(rule)}>
                        {t('Delete')}
                      </button>
                    </div>
                  ) : null}
                </li>
              ))}
            </ol>
          )}
        </Async>
      </section>

      <section aria-labelledby="teams-heading" className="stack">
        <div className="page__header">
          <h2 id="teams-heading">{t('Teams')}</h2>
          {canEdit && teamForm === null ? (
            <button type="button" className="button" onClick={() => setTeamForm('new')}>
              {t('New team')}
            </button>
          ) : null}
        </div>
        {teamForm !== null ? (
          <TeamForm
            team={teamForm === 'new' ? null : teamForm}
            members={people}
            onSaved={() => (setTeamForm(null), reload())}
            onCancel={() => setTeamForm(null)}
          />
        ) : null}
        <Async
          value={teams}
          what={t('teams')}
          empty={<p className="muted">{t('No teams yet. A team takes messages in turn (round-robin) when a rule hands them to it.')}</p>}
        >
          {(teamList) => (
            <ul className="plain-list" aria-label={t('Teams')}>
              {teamList.map((team) => (
                <li key={team.id}>
                  <strong>{team.name}</strong>:{' '}
                  {team.memberIds.map((id) => people.find((p) => p.userId === id)?.name ?? t('former member')).join(', ') || t('nobody yet')}{' '}
                  {canEdit ? (
                    <>
                      <button type="button" className="button button--small" onClick={() => setTeamForm(team)}>
                        {t('Edit')}
                      </button>{' '}
                      <button type="button" className="button button--small button--danger" onClick={() => void act.run(() => routingApi.deleteTeam(team.id))}>
                        {t('Delete')}
                      </button>
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </Async>
      </section>

      <section aria-labelledby="targets-heading" className="stack">
        <h2 id="targets-heading">{t('First-response targets')}</h2>
        <p className="muted">
          {t('Every customer message on a case starts a clock; a reply from the case stops it. Past the target it is flagged and its owner is told.')}
        </p>
        <Async value={targets} what={t('the targets')}>
          {(loaded) => <TargetsForm key={JSON.stringify(loaded)} targets={loaded} canEdit={canEdit} />}
        </Async>
      </section>

      {editing !== null ? (
        <RuleDialog rule={editing === 'new' ? null : editing} members={people} teams={teams.data ?? []} onSave={save} onClose={() => setEditing(null)} />
      ) : null}
      {deleting ? (
        <ConfirmDialog
          title={t('Delete rule "{{name}}"?', { name: deleting.name })}
          confirmLabel={t('Delete rule')}
          onConfirm={async () => {
            await routingApi.deleteRule(deleting.id);
            setDeleting(null);
            reload();
          }}
          onClose={() => setDeleting(null)}
        >
          <p>{t('Messages already routed keep their recorded decision.')}</p>
        </ConfirmDialog>
      ) : null}
    </main>
  );
}
