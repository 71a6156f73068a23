import { useState } from 'react';

/**
 * Ten single-use recovery codes, shown once: for signing in without the
 * phone. Copy them, or download them as a text file, before going on.
 */
export function RecoveryCodes({ codes, onDone, doneLabel = 'I saved them, continue' }: { codes: string[]; onDone: () => void; doneLabel?: string }) {
  const [copied, setCopied] = useState(false);
  const text = codes.join('\n');
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  }
  const download = `data:text/plain;charset=utf-8,${encodeURIComponent(`Casehub recovery codes (each works once)\n\n${text}\n`)}`;
  return (
    <div className="card stack" role="region" aria-label="Recovery codes">
      <p className="notice notice--success" role="status">
        Two-factor sign-in is on. Save these recovery codes somewhere safe: each one signs you in once if you lose your phone. They are not shown again.
      </p>
      <ul className="recovery-codes" aria-label="Your recovery codes">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
      <div className="dialog__actions">
        <button type="button" className="button" onClick={() => void copy()}>
          {copied ? 'Copied' : 'Copy codes'}
        </button>
        <a className="button" href={download} download="casehub-recovery-codes.txt">
          Download
        </a>
        <button type="button" className="button button--primary" onClick={onDone}>
          {doneLabel}
        </button>
      </div>
    </div>
  );
}
