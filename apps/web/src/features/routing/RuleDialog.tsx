import { useState, type FormEvent } from 'react';
import type { RoutingRule, RoutingRuleInput, RoutingTeam, WorkspaceMember } from '@casehub/contract';
import { Dialog } from '../../components/Dialog';
import { FormError } from '../../components/FormError';
import { TextInput } from '../../components/TextInput';
import { useApi } from '../../lib/useApi';
import { useDebouncedValue } from '../../lib/useDebouncedValue';
import { useSubmit } from '../../lib/useSubmit';
import { contactsApi } from '../contacts/contactsApi';
import { routingApi } from './routingApi';
import { FormActions } from '../../components/FormActions';
import { Trans, useTranslation } from 'react-i18next';

type AssignKind = RoutingRuleInput['action']['assign']['type'];

const splitList = (text: string): string[] =>
  text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean);

/** Create or edit one routing rule: what it matches, who owns what it matches, and where it files it. */
export function RuleDialog({
  rule,
  members,
  teams,
  onSave,
  onClose,
}: {
  rule: RoutingRule | null;
  members: WorkspaceMember[];
  teams: RoutingTeam[];
  onSave: (input: RoutingRuleInput) => Promise<void>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const assign = rule?.action.assign;
  const [name, setName] = useState(rule?.name ?? '');
  const [keywords, setKeywords] = useState(rule?.conditions.keywords?.join(', ') ?? '');
  const [segment, setSegment] = useState(rule?.conditions.segment ?? '');
  const [senderDomain, setSenderDomain] = useState(rule?.conditions.senderDomain ?? '');
  const [accountId, setAccountId] = useState(rule?.conditions.accountId ?? '');
  const accounts = useApi('rule-accounts', (signal) => contactsApi.listAccounts({ limit: 200 }, signal));
  const [kind, setKind] = useState<AssignKind>(assign?.type ?? 'user');
  const [userId, setUserId] = useState(assign?.type === 'user' ? assign.userId : (members[0]?.userId ?? ''));
  const [teamId, setTeamId] = useState(assign?.type === 'round-robin' ? assign.teamId : (teams[0]?.id ?? ''));
  const [caseId, setCaseId] = useState<string | null>(rule?.action.caseId ?? null);
  const [caseQuery, setCaseQuery] = useState('');
  const query = useDebouncedValue(caseQuery, 250);
  const cases = useApi(`rule-cases:${query}`, (signal) => (query ? routingApi.findCases(query, signal) : Promise.resolve([])));
  const [nameError, setNameError] = useState<string | undefined>();
  const saving = useSubmit(async (input: RoutingRuleInput) => {
    await onSave(input);
    onClose();
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!name.trim()) return setNameError(t('Give the rule a name people will recognise in the stream'));
    if (kind === 'round-robin' && !teamId) return saving.fail(t('Create a team first, or assign to a person'));
    const words = splitList(keywords);
    void saving.run({
      name: name.trim(),
      enabled: rule?.enabled ?? true,
      conditions: {
        ...(words.length ? { keywords: words } : {}),
        ...(segment.trim() ? { segment: segment.trim() } : {}),
        ...(senderDomain.trim() ? { senderDomain: senderDomain.trim() } : {}),
        ...(accountId ? { accountId } : {}),
      },
      action: {
        assign: kind === 'user' ? { type: 'user', userId } : kind === 'round-robin' ? { type: 'round-robin', teamId } : { type: 'account-owner' },
        caseId,
      },
    });
  }

  return (
    <Dialog title={rule ? t('Edit rule "{{name}}"', { name: rule.name }) : t('New routing rule')} onClose={onClose}>
      <form onSubmit={submit} noValidate className="stack" aria-label={t('Routing rule')}>
        <TextInput
          label={t('Name')}
          value={name}
          onChange={(e) => (setName(e.target.value), setNameError(undefined))}
          maxLength={120}
          error={nameError}
          placeholder={t('EMEA renewals')}
        />
        <fieldset className="stack">
          <legend>{t('When a message matches all of these (leave empty to match every message)')}</legend>
          <TextInput
            label={t('Any of these words or phrases')}
            hint={t('Comma separated; whole words, in the subject or the body')}
            value={keywords}
            onChange={(e) => setKeywords(e.target.value)}
            placeholder={t('refund, outage, cancel')}
          />
          <div className="field-row">
            <TextInput
              label={t("Segment (a tag on the sender's contact or account)")}
              value={segment}
              onChange={(e) => setSegment(e.target.value)}
              maxLength={60}
              placeholder={t('emea')}
            />
            <TextInput label={t("Sender's domain")} value={senderDomain} onChange={(e) => setSenderDomain(e.target.value)} placeholder={t('acme.com')} />
          </div>
          <div className="field">
            <label htmlFor="rule-account">{t("Sender's account")}</label>
            <select id="rule-account" value={accountId} onChange={(e) => setAccountId(e.target.value)}>
              <option value="">{t('Any account')}</option>
              {(accounts.data?.accounts ?? []).map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </div>
        </fieldset>
        <fieldset className="stack">
          <legend>{t('Who owns it')}</legend>
          <div className="field">
            <label htmlFor="rule-assign-kind">{t('Assign to')}</label>
            <select id="rule-assign-kind" value={kind} onChange={(e) => setKind(e.target.value as AssignKind)}>
              <option value="user">{t('A person')}</option>
              <option value="round-robin">{t('A team, in turn (round-robin)')}</option>
              <option value="account-owner">{t("The sender's account owner")}</option>
            </select>
          </div>
          {kind === 'user' ? (
            <div className="field">
              <label htmlFor="rule-user">{t('Person')}</label>
              <select id="rule-user" value={userId} onChange={(e) => setUserId(e.target.value)}>
                {members.map((m) => (
                  <option key={m.userId} value={m.userId}>
                    {m.name}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          {kind === 'round-robin' ? (
            teams.length === 0 ? (
              <p className="muted">{t('No teams yet: create one under Teams on this page.')}</p>
            ) : (
              <div className="field">
                <label htmlFor="rule-team">{t('Team')}</label>
                <select id="rule-team" value={teamId} onChange={(e) => setTeamId(e.target.value)}>
                  {teams.map((team) => (
                    <option key={team.id} value={team.id}>
                      {team.name} ({team.memberIds.length})
                    </option>
                  ))}
                </select>
              </div>
            )
          ) : null}
        </fieldset>
        <fieldset className="stack">
          <legend>{t('Where it goes when its address, thread and sender did not place it')}</legend>
          {caseId ? (
            <p>
              <Trans
                i18nKey="Filed on case <code>{{title}}</code>"
                values={{ title: cases.data?.find((c) => c.id === caseId)?.title ?? caseId }}
                components={{ code: <code /> }}
              />{' '}
              <button type="button" className="button button--small" onClick={() => setCaseId(null)}>
                {t('Leave in triage instead')}
              </button>
            </p>
          ) : (
            <>
              <TextInput
                label={t('File on a case (search by title)')}
                value={caseQuery}
                onChange={(e) => setCaseQuery(e.target.value)}
                placeholder={t('Leave empty: the triage queue')}
              />
              {cases.data && cases.data.length > 0 ? (
                <ul className="plain-list" aria-label={t('Matching cases')}>
                  {cases.data.map((c) => (
                    <li key={c.id}>
                      <button type="button" className="button button--small" onClick={() => setCaseId(c.id)}>
                        {c.title}
                      </button>
                    </li>
                  ))}
                </ul>
              ) : null}
            </>
          )}
        </fieldset>
        <FormError message={saving.error} />
        <FormActions onCancel={onClose} submitLabel={t('Save rule')} busy={saving.busy} />
      </form>
    </Dialog>
  );
}
