import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { CaseDetail, CaseSummary } from '@casehub/contract';
import { useTranslation } from 'react-i18next';
import { call, errorMessage } from '../../lib/api';

/**
 * [issue 17.5] "Merge into…" on a case page (editors): pick the case this
 * one duplicates, confirm, and go there. Also lists merges into this case
 * that may still be undone, each with Undo.
 */
export function MergeActions({ detail, onRefresh }: { detail: CaseDetail; onRefresh: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [options, setOptions] = useState<CaseSummary[] | null>(null);
  const [into, setInto] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function search(q: string): Promise<void> {
    setQuery(q);
    try {
      const found = await call('GET /api/cases', { query: { q: q || undefined, limit: 20 } });
      setOptions(found.cases.filter((c) => c.id !== detail.id));
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  async function merge(): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      const done = await call('POST /api/cases/{id}/merge', { params: { id: detail.id }, body: { into } });
      void navigate(`/cases/${done.into}`);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  async function undo(caseId: string): Promise<void> {
    setError(null);
    try {
      await call('POST /api/cases/{id}/merge/undo', { params: { id: caseId } });
      onRefresh();
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  return (
    <section className="card stack" aria-label={t('Merge')}>
      {detail.mergedFrom && detail.mergedFrom.length > 0 ? (
        <ul className="stack" aria-label={t('Merged into this case')}>
          {detail.mergedFrom.map((m) => (
            <li key={m.caseId}>
              {t('“{{title}}” was merged into this case.', { title: m.title })}{' '}
              <button type="button" className="button button--small" onClick={() => void undo(m.caseId)}>
                {t('Undo merge of “{{title}}”', { title: m.title })}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {open ? (
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            if (into) void merge();
          }}
        >
          <label>
            {t('Find the case to merge into')}
            <input type="search" value={query} onChange={(e) => void search(e.target.value)} placeholder={t('Title')} />
          </label>
          {options === null ? null : options.length === 0 ? (
            <p className="muted">{t('No other case matches.')}</p>
          ) : (
            <label>
              {t('Merge into')}
              <select value={into} onChange={(e) => setInto(e.target.value)} required>
                <option value="">{t('Choose a case…')}</option>
                {options.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.title}
                  </option>
                ))}
              </select>
            </label>
          )}
          <p className="muted">{t('Its stream, emails, files, promises, plan steps, team and guests move there; you can undo this for a day.')}</p>
          <div className="row">
            <button type="submit" className="button" disabled={!into || busy}>
              {busy ? t('Merging…') : t('Merge')}
            </button>
            <button type="button" className="button button--ghost" onClick={() => setOpen(false)}>
              {t('Cancel')}
            </button>
          </div>
        </form>
      ) : (
        <button
          type="button"
          className="button button--ghost"
          onClick={() => {
            setOpen(true);
            void search('');
          }}
        >
          {t('Merge into…')}
        </button>
      )}
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}
