import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** A secret shown once (a webhook's signing secret, an API token): with a copy button, and the word that it will not be shown again. */
export function SecretOnce({ label, message, value, onDone }: { label: string; message: string; value: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const id = useId();
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  }
  return (
    <div className="card stack" role="region" aria-label={label}>
      <p className="notice notice--success" role="status">
        {message}
      </p>
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <input id={id} readOnly value={value} onFocus={(e) => e.currentTarget.select()} />
      </div>
      <div className="dialog__actions">
        <button type="button" className="button" onClick={() => void copy()}>
          {copied ? t('Copied') : t('Copy {{what}}', { what: label.toLowerCase() })}
        </button>
        <button type="button" className="button button--primary" onClick={onDone}>
          {t('Done')}
        </button>
      </div>
    </div>
  );
}
