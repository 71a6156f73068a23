import type { Upload } from './useUploads';
import { formatBytes } from './format';
import { useTranslation } from 'react-i18next';

function Outcome({ upload }: { upload: Upload }) {
  const { t } = useTranslation();
  const o = upload.outcome;
  if (!o) return null;
  if (upload.target === 'file') return <p className="upload__summary">{t('Added to the case.')}</p>;
  const unread = o.failed.length + (o.moreFailed ?? 0);
  // A list of what happened, each part a clause of its own: "3 emails imported, 1 duplicate skipped, 2 could not be read."
  const parts = [t('{{count}} emails imported', { count: o.imported })];
  if (o.duplicates > 0) parts.push(t('{{count}} duplicates skipped', { count: o.duplicates }));
  if (unread > 0) parts.push(t('{{n}} could not be read', { n: unread }));
  return (
    <div className="upload__summary">
      <p>{`${parts.join(', ')}.`}</p>
      {o.failed.length > 0 ? (
        <ul className="upload__failed" aria-label={t('Could not be read')}>
          {o.failed.map((f, i) => (
            <li key={`${f.name}-${i}`}>
              <strong>{f.name}</strong>: {f.reason}
            </li>
          ))}
          {o.moreFailed ? <li>{t('and {{count}} more', { count: o.moreFailed })}</li> : null}
        </ul>
      ) : null}
    </div>
  );
}

/** A large import running on the server: how far it is, and a way to stop it. */
function Importing({ upload, onCancel }: { upload: Upload; onCancel: ((id: string) => void) | undefined }) {
  const { t } = useTranslation();
  const job = upload.job;
  if (!job) return null;
  const pct = job.total > 0 ? Math.round((job.processed / job.total) * 100) : 0;
  const status =
    job.state === 'queued'
      ? t('Waiting to start…')
      : t('Importing… {{processed}} of {{total}} messages', { count: job.total, processed: job.processed.toLocaleString(), total: job.total.toLocaleString() });
  return (
    <>
      <progress
        className="upload__bar"
        max={job.total || 1}
        value={job.processed}
        aria-label={t('Importing {{name}}', { name: upload.label })}
        aria-valuetext={`${pct}%`}
      />
      <p className="muted upload__status" role="status">
        {job.duplicates > 0
          ? t('{{status}} ({{duplicates}} already there). It goes on if you close this page.', { status, duplicates: job.duplicates.toLocaleString() })
          : t('{{status}}. It goes on if you close this page.', { status })}
      </p>
      {onCancel ? (
        <button
          type="button"
          className="button button--small"
          onClick={() => onCancel(upload.id)}
          aria-label={t('Cancel import of {{name}}', { name: upload.label })}
        >
          {t('Cancel import')}
        </button>
      ) : null}
    </>
  );
}

/**
 * One row per upload request: a progress bar while it runs, then what came
 * of it. A large email import runs on the server as a job: its row shows the
 * messages done so far with Cancel, and Resume once cancelled.
 */
export function UploadTray({
  uploads,
  onDismiss,
  onCancel,
  onResume,
}: {
  uploads: Upload[];
  onDismiss: (id: string) => void;
  onCancel?: ((id: string) => void) | undefined;
  onResume?: ((id: string) => void) | undefined;
}) {
  const { t } = useTranslation();
  if (uploads.length === 0) return null;
  return (
    <ul className="uploads" aria-label={t('Uploads')}>
      {uploads.map((u) => {
        const pct = u.total > 0 ? Math.round((u.loaded / u.total) * 100) : 0;
        return (
          <li key={u.id} className={`upload upload--${u.state}`} aria-label={t('Upload {{name}}', { name: u.label })}>
            <div className="upload__head">
              <span className="upload__name" title={u.label}>
                {u.label}
              </span>
              <span className="muted upload__size">{formatBytes(u.size)}</span>
              {u.state === 'done' || u.state === 'error' || u.state === 'cancelled' ? (
                <button type="button" className="icon-button" aria-label={t('Dismiss {{name}}', { name: u.label })} onClick={() => onDismiss(u.id)}>
                  ×
                </button>
              ) : null}
            </div>
            {u.state === 'uploading' || u.state === 'processing' ? (
              <>
                <progress className="upload__bar" max={100} value={pct} aria-label={t('Uploading {{name}}', { name: u.label })} aria-valuetext={`${pct}%`} />
                <p className="muted upload__status" role="status">
                  {u.state === 'uploading' ? t('Uploading… {{pct}}%', { pct }) : t('Processing…')}
                </p>
              </>
            ) : null}
            {u.state === 'importing' ? <Importing upload={u} onCancel={onCancel} /> : null}
            {u.state === 'done' ? (
              <div role="status">
                <Outcome upload={u} />
              </div>
            ) : null}
            {u.state === 'cancelled' ? (
              <div role="status">
                <p className="upload__summary">
                  {t('Import cancelled after {{processed}} of {{total}} messages; what was imported stays.', {
                    count: u.job?.total ?? 0,
                    processed: (u.job?.processed ?? 0).toLocaleString(),
                    total: (u.job?.total ?? 0).toLocaleString(),
                  })}
                </p>
                <Outcome upload={u} />
                {onResume ? (
                  <button
                    type="button"
                    className="button button--small"
                    onClick={() => onResume(u.id)}
                    aria-label={t('Resume import of {{name}}', { name: u.label })}
                  >
                    {t('Resume import')}
                  </button>
                ) : null}
              </div>
            ) : null}
            {u.error && u.state !== 'error' ? (
              <p className="upload__error" role="alert">
                {u.error}
              </p>
            ) : null}
            {u.state === 'error' ? (
              <p className="upload__error" role="alert">
                {u.error}
              </p>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
