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
        {o.failed.length > 0 ? `, ${o.failed.length} could not be read` : ''}.
      </p>
      {o.failed.length > 0 ? (
        <ul className="upload__failed" aria-label="Could not be read">
          {o.failed.map((f, i) => (
            <li key={`${f.name}-${i}`}>
              <strong>{f.name}</strong>: {f.reason}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** One row per upload request: a progress bar while it runs, then what came of it. */
export function UploadTray({ uploads, onDismiss }: { uploads: Upload[]; onDismiss: (id: string) => void }) {
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
              {u.state === 'done' || u.state === 'error' ? (
                <button type="button" className="icon-button" aria-label={`Dismiss ${u.label}`} onClick={() => onDismiss(u.id)}>
                  ×
                </button>
              ) : null}
            </div>
            {u.state === 'uploading' || u.state === 'processing' ? (
              <>
                <progress
                  className="upload__bar"
                  max={100}
                  value={pct}
                  aria-label={`Uploading ${u.label}`}
                  aria-valuetext={`${pct}%`}
                />
                <p className="muted upload__status" role="status">
                  {u.state === 'uploading' ? `Uploading… ${pct}%` : 'Processing…'}
                </p>
              </>
            ) : null}
            {u.state === 'done' ? (
              <div role="status">
                <Outcome upload={u} />
              </div>
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
