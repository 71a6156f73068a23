import { useId, useState } from 'react';
import type { CsvImportResult, CsvKind, CsvMapping, CsvPreview } from '@casehub/contract';
import { Dialog } from '../../components/Dialog';
import { FormError } from '../../components/FormError';
import { useSubmit } from '../../lib/useSubmit';
import { csvApi } from './csvApi';
import { Trans, useTranslation } from 'react-i18next';
import { formatLocale, msg } from '../../i18n';

const titles: Record<CsvKind, string> = {
  contacts: msg('Import contacts from a CSV file'),
  accounts: msg('Import accounts from a CSV file'),
  cases: msg('Import cases from a CSV file'),
};
const matchedBy: Record<CsvKind, string> = {
  contacts: msg('Comma, semicolon or tab separated, with a header row. A row whose email belongs to a contact updates that contact.'),
  accounts: msg('Comma, semicolon or tab separated, with a header row. A row whose domain or name is an account’s updates that account.'),
  cases: msg('Comma, semicolon or tab separated, with a header row. Every row becomes a new case.'),
};

/**
 * Import a CSV file (issue 16.2): pick the file, check the column mapping
 * guessed from its headers against its first rows, run a dry run that says
 * what would be created, updated and refused (row, column, reason), then
 * import with a progress bar.
 */
export function CsvImportDialog({ kind, onClose, onImported }: { kind: CsvKind; onClose: () => void; onImported: () => void }) {
  const { t } = useTranslation();
  const fileId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<CsvPreview | null>(null);
  const [mapping, setMapping] = useState<CsvMapping>({});
  const [checked, setChecked] = useState<CsvImportResult | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [result, setResult] = useState<CsvImportResult | null>(null);

  const reading = useSubmit(async (picked: File) => {
    setChecked(null);
    const p = await csvApi.preview(kind, picked);
    setPreview(p);
    setMapping(p.mapping);
  });
  const checking = useSubmit(async () => {
    if (file) setChecked(await csvApi.dryRun(kind, file, mapping));
  });
  const importing = useSubmit(async () => {
    if (!file) return;
    setProgress({ done: 0, total: checked ? checked.created + checked.updated : 0 });
    setResult(await csvApi.run(kind, file, mapping, (done, total) => setProgress({ done, total })));
    onImported();
  });

  function choose(field: string, column: string) {
    setChecked(null);
    setMapping((m) => {
      const next = { ...m };
      if (column) next[field] = column;
      else delete next[field];
      return next;
    });
  }

  if (result) {
    return (
      <Dialog title={t(titles[kind])} onClose={onClose}>
        <div className="stack">
          <p className="notice notice--success" role="status">
            {result.refused.length
              ? t('Imported: {{created}} created, {{updated}} updated, {{refused}} refused.', {
                  created: result.created,
                  updated: result.updated,
                  refused: result.refused.length,
                })
              : t('Imported: {{created}} created, {{updated}} updated.', { created: result.created, updated: result.updated })}
          </p>
          <Refusals refused={result.refused} />
          <div className="dialog__actions">
            <button type="button" className="button button--primary" onClick={onClose}>
              {t('Done')}
            </button>
          </div>
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog title={t(titles[kind])} onClose={onClose}>
      <div className="stack">
        <div className="field">
          <label htmlFor={fileId}>{t('CSV file')}</label>
          <input
            id={fileId}
            type="file"
            accept=".csv,text/csv,text/plain"
            disabled={importing.busy}
            onChange={(e) => {
              const picked = e.target.files?.[0] ?? null;
              setFile(picked);
              setPreview(null);
              if (picked) void reading.run(picked);
            }}
          />
          <p className="field__hint">{t(matchedBy[kind])}</p>
        </div>
        {reading.busy ? (
          <p className="muted" role="status">
            {t('Reading the file…')}
          </p>
        ) : null}
        <FormError message={reading.error} />
        {preview ? (
          <>
            <p>{t('{{rows}} rows. Which column holds what:', { count: preview.rows, rows: preview.rows.toLocaleString(formatLocale()) })}</p>
            <table className="case-table csv-mapping" aria-label={t('Column mapping')}>
              <thead>
                <tr>
                  <th scope="col">{t('Field')}</th>
                  <th scope="col">{t('Column')}</th>
                  <th scope="col">{t('First row')}</th>
                </tr>
              </thead>
              <tbody>
                {preview.fields.map((f) => {
                  const column = mapping[f.name] ?? '';
                  const sample = column ? preview.sample[0]?.[preview.columns.indexOf(column)] : undefined;
                  return (
                    <tr key={f.name}>
                      <th scope="row">
                        {f.label}
                        {f.required ? ' *' : ''}
                      </th>
                      <td>
                        <select
                          aria-label={t('Column for {{label}}', { label: f.label })}
                          value={column}
                          onChange={(e) => choose(f.name, e.target.value)}
                          disabled={importing.busy}
                        >
                          <option value="">{t('(not imported)')}</option>
                          {preview.columns.map((c) => (
                            <option key={c} value={c}>
                              {c}
                            </option>
                          ))}
                        </select>
                      </td>
                      <td className="muted">{sample ?? '—'}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            <FormError message={checking.error} />
            {checked ? (
              <div className="stack" role="region" aria-label={t('Dry run')}>
                <p>
                  <Trans
                    i18nKey="Would create <b>{{created}}</b>, update <b>{{updated}}</b>, refuse <b>{{refused}}</b>."
                    values={{ created: checked.created, updated: checked.updated, refused: checked.refused.length }}
                    components={{ b: <strong /> }}
                  />
                </p>
                <Refusals refused={checked.refused} />
              </div>
            ) : null}
            {progress ? (
              <div className="stack">
                <progress max={Math.max(progress.total, 1)} value={progress.done} aria-label={t('Import progress')} />
                <p className="muted" role="status">
                  {t('{{done}} of {{total}} rows…', { done: progress.done, total: progress.total })}
                </p>
              </div>
            ) : null}
            <FormError message={importing.error} />
            <div className="dialog__actions">
              <button type="button" className="button" onClick={onClose} disabled={importing.busy}>
                {t('Cancel')}
              </button>
              {checked ? (
                <button
                  type="button"
                  className="button button--primary"
                  disabled={importing.busy || checked.created + checked.updated === 0}
                  onClick={() => void importing.run()}
                >
                  {importing.busy ? t('Importing…') : t('Import {{count}} rows', { count: checked.created + checked.updated })}
                </button>
              ) : (
                <button type="button" className="button button--primary" disabled={checking.busy} onClick={() => void checking.run()}>
                  {checking.busy ? t('Checking…') : t('Check (dry run)')}
                </button>
              )}
            </div>
          </>
        ) : null}
      </div>
    </Dialog>
  );
}

/** The rows an import refuses: row, column and why (the first hundred). */
function Refusals({ refused }: { refused: CsvImportResult['refused'] }) {
  const { t } = useTranslation();
  if (refused.length === 0) return null;
  return (
    <div className="table-wrap csv-refusals">
      <table className="case-table" aria-label={t('Refused rows')}>
        <thead>
          <tr>
            <th scope="col">{t('Row')}</th>
            <th scope="col">{t('Column')}</th>
            <th scope="col">{t('Why')}</th>
          </tr>
        </thead>
        <tbody>
          {refused.slice(0, 100).map((r, i) => (
            <tr key={`${r.row}-${i}`}>
              <td className="num">{r.row}</td>
              <td>{r.column ?? '—'}</td>
              <td>{r.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {refused.length > 100 ? <p className="muted">{t('…and {{count}} more.', { count: refused.length - 100 })}</p> : null}
    </div>
  );
}
