import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Ten single-use recovery codes, shown once: for signing in without the
 * phone. Copy them, or download them as a text file, before going on.
 */
export function RecoveryCodes({ codes, onDone, doneLabel }: { codes: string[]; onDone: () => void; doneLabel?: string }) {
  const { t } = useTranslation();
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
  const download = `data:text/plain;charset=utf-8,${encodeURIComponent(`${t('Casehub recovery codes (each works once)')}\n\n${text}\n`)}`;
  return (
    <div className="card stack" role="region" aria-label={t('Recovery codes')}>
      <p className="notice notice--success" role="status">
        {t('Two-factor sign-in is on. Save these recovery codes somewhere safe: each one signs you in once if you lose your phone. They are not shown again.')}
      </p>
      <ul className="recovery-codes" aria-label={t('Your recovery codes')}>
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
      <div className="dialog__actions">
        <button type="button" className="button" onClick={() => void copy()}>
          {copied ? t('Copied') : t('Copy codes')}
        </button>
        <a className="button" href={download} download="casehub-recovery-codes.txt">
          {t('Download')}
        </a>
        <button type="button" className="button button--primary" onClick={onDone}>
          {doneLabel ?? t('I saved them, continue')}
        </button>
      </div>
    </div>
  );
}
