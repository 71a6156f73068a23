import type { Upload } from './useUploads';
import { formatBytes } from './format';

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function Outcome({ upload }: { upload: Upload }) {
  const o = upload.outcome;
  if (!o) return null;
  if (upload.target === 'file') return <p className="upload__summary">Added to the case.</p>;
  return (
    <div className="upload__summary">
      <p>
        {plural(o.imported, 'email imported', 'emails imported')}
        {o.duplicates > 0 ? `, ${plural(o.duplicates, 'duplicate', 'duplicates')} skipped` : ''}
        {o.failed.length + (o.moreFailed ?? 0) > 0 ? `, ${o.failed.length + (o.moreFailed ?? 0)} could not be read` : ''}.
      </p>
      {o.failed.length > 0 ? (
        <ul className="upload__failed" aria-label="Could not be read">
          {o.failed.map((f, i) => (
            <li key={`${f.name}-${i}`}>
              <strong>{f.name}</strong>: {f.reason}
            </li>
          ))}
          {o.moreFailed ? <li>and {plural(o.moreFailed, 'more', 'more')}</li> : null}
        </ul>
      ) : null}
    </div>
  );
}

/** A large import running on the server: how far it is, and a way to stop it. */
function Importing({ upload, onCancel }: { upload: Upload; onCancel: ((id: string) => void) | undefined }) {
  const job = upload.job;
  if (!job) return null;
  const pct = job.total > 0 ? Math.round((job.processed / job.total) * 100) : 0;
  const counts = `${job.processed.toLocaleString()} of ${job.total.toLocaleString()} ${job.total === 1 ? 'message' : 'messages'}`;
  return (
    <>
      <progress className="upload__bar" max={job.total || 1} value={job.processed} aria-label={`Importing ${upload.label}`} aria-valuetext={`${pct}%`} />
      <p className="muted upload__status" role="status">
        {job.state === 'queued' ? 'Waiting to start…' : `Importing… ${counts}`}
        {job.duplicates > 0 ? ` (${job.duplicates.toLocaleString()} already there)` : ''}. It goes on if you close this page.
      </p>
      {onCancel ? (
        <button type="button" className="button button--small" onClick={() => onCancel(upload.id)} aria-label={`Cancel import of ${upload.label}`}>
          Cancel import
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
  if (uploads.length === 0) return null;
  return (
    <ul className="uploads" aria-label="Uploads">
      {uploads.map((u) => {
        const pct = u.total > 0 ? Math.round((u.loaded / u.total) * 100) : 0;
        return (
          <li key={u.id} className={`upload upload--${u.state}`} aria-label={`Upload ${u.label}`}>
            <div className="upload__head">
              <span className="upload__name" title={u.label}>
                {u.label}
              </span>
              <span className="muted upload__size">{formatBytes(u.size)}</span>
              {u.state === 'done' || u.state === 'error' || u.state === 'cancelled' ? (
                <button type="button" className="icon-button" aria-label={`Dismiss ${u.label}`} onClick={() => onDismiss(u.id)}>
                  ×
                </button>
              ) : null}
            </div>
            {u.state === 'uploading' || u.state === 'processing' ? (
              <>
                <progress className="upload__bar" max={100} value={pct} aria-label={`Uploading ${u.label}`} aria-valuetext={`${pct}%`} />
                <p className="muted upload__status" role="status">
                  {u.state === 'uploading' ? `Uploading… ${pct}%` : 'Processing…'}
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
                  Import cancelled after {(u.job?.processed ?? 0).toLocaleString()} of {(u.job?.total ?? 0).toLocaleString()} messages; what was imported stays.
                </p>
                <Outcome upload={u} />
                {onResume ? (
                  <button type="button" className="button button--small" onClick={() => onResume(u.id)} aria-label={`Resume import of ${u.label}`}>
                    Resume import
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
