import { useState, type FormEvent } from 'react';
import type { TriageEmail } from '@casehub/contract';
import { Async } from '../../components/Async';
import { Dialog } from '../../components/Dialog';
import { FormActions } from '../../components/FormActions';
import { FormError } from '../../components/FormError';
import { TextInput } from '../../components/TextInput';
import { api } from '../../lib/api';
import { useApi } from '../../lib/useApi';
import { useSubmit } from '../../lib/useSubmit';
import { useDebouncedValue } from '../../lib/useDebouncedValue';
import { triageApi } from './triageApi';
import { useTranslation } from 'react-i18next';
import { i18n } from '../../i18n';

export type Filed = { caseId: string; title: string; also: number };

const replyPrefix = /^\s*((re|fwd?|aw|wg|sv|tr)\s*(\[\d+\])?\s*:\s*)+/i;

/** The title a new case gets by default: the subject without Re:/Fwd: (the server does the same). */
export function titleFrom(email: TriageEmail): string {
  const subject = email.subject.replace(replyPrefix, '').replace(/\s+/g, ' ').trim();
  return (subject || i18n.t('Email from {{sender}}', { sender: email.from?.name || email.from?.address || i18n.t('an unknown sender') })).slice(0, 200);
}

/** Pick a case (search by title) and file the message there: the same filing as mail routed on arrival. */
export function FileToCaseDialog({ email, onFiled, onClose }: { email: TriageEmail; onFiled: (filed: Filed) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const q = useDebouncedValue(query.trim(), 250);
  const cases = useApi(`triage-cases:${q}`, (signal) => api.listCases({ q, limit: 20, sort: 'updatedAt', order: 'desc' }, signal));
  const [picked, setPicked] = useState<string | null>(null);
  const filing = useSubmit(async (caseId: string, title: string) => {
    const done = await triageApi.file(email.id, caseId);
    onFiled({ caseId, title, also: done.alsoFiled.length });
  });

  return (
    <Dialog title={`File “${email.subject || '(no subject)'}” on a case`} onClose={onClose}>
      <div className="stack">
        <TextInput
          label={t('Find a case (by title)')}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder={t('Type to search')}
          autoComplete="off"
        />
        <Async
          value={cases}
          what={t('cases')}
          loading={t('Looking for cases…')}
          isEmpty={(page) => page.cases.length === 0}
          empty={<p className="muted">{t('No case matches. Make a new case from the message instead.')}</p>}
        >
          {(page) => (
            <ul className="plain-list triage-cases" aria-label={t('Cases to file on')}>
              {page.cases.map((c) => (
                <li key={c.id}>
                  <button
                    type="button"
                    className="button button--small"
                    disabled={filing.busy}
                    onClick={() => {
                      setPicked(c.id);
                      void filing.run(c.id, c.title);
                    }}
                  >
                    {filing.busy && picked === c.id ? 'Filing…' : t('File on {{title}}', { title: c.title })}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </Async>
        <FormError message={filing.error} />
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onClose}>
            {t('Cancel')}
          </button>
        </div>
      </div>
    </Dialog>
  );
}

/** A new case from the message: title from its subject (editable), the message filed into it. */
export function NewCaseDialog({ email, onFiled, onClose }: { email: TriageEmail; onFiled: (filed: Filed) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const [title, setTitle] = useState(() => titleFrom(email));
  const [kind, setKind] = useState<'support' | 'deal'>('support');
  const creating = useSubmit(async () => {
    const done = await triageApi.createCase(email.id, { title: title.trim(), kind });
    onFiled({ caseId: done.caseId, title: done.title, also: done.alsoFiled.length });
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!title.trim()) return creating.fail('Give the case a title');
    void creating.run();
  }

  return (
    <Dialog title={t('New case from this message')} onClose={onClose}>
      <form className="stack" onSubmit={submit} noValidate>
        <TextInput label={t('Title')} value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} required />
        <div className="field">
          <label htmlFor="triage-case-kind">{t('Kind')}</label>
          <select id="triage-case-kind" value={kind} onChange={(e) => setKind(e.target.value === 'deal' ? 'deal' : 'support')}>
            <option value="support">{t('Support')}</option>
            <option value="deal">{t('Deal')}</option>
          </select>
        </div>
        <FormError message={creating.error} />
        <FormActions onCancel={onClose} submitLabel={t('Create case and file')} busy={creating.busy} busyLabel={t('Creating…')} />
      </form>
    </Dialog>
  );
}
