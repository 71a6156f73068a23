import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface InviteLinkResultProps {
  url: string;
  /** What the link is: "Invite link", "Guest invite link". */
  label: string;
  /** Who it is for and what it opens. */
  children: ReactNode;
  againLabel: string;
  onAgain: () => void;
  onDone: () => void;
}

/** The link of a new invite, selected and ready to copy, with "invite another" and "done". */
export function InviteLinkResult({ url, label, children, againLabel, onAgain, onDone }: InviteLinkResultProps) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const linkRef = useRef<HTMLInputElement>(null);
  const linkId = useId();

  useEffect(() => {
    requestAnimationFrame(() => linkRef.current?.select());
  }, [url]);

  async function copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
    } catch {
      // Clipboard access can be refused (plain http, permissions): leave the link selected to copy by hand.
      linkRef.current?.select();
    }
  }

  return (
    <div className="stack">
      <p>{children}</p>
      <div className="field">
        <label htmlFor={linkId}>{label}</label>
        <div className="copy-row">
          <input id={linkId} ref={linkRef} readOnly value={url} onFocus={(e) => e.target.select()} />
          <button type="button" className="button" onClick={copy}>
            {copied ? 'Copied' : 'Copy link'}
          </button>
        </div>
      </div>
      <div className="dialog__actions">
        <button type="button" className="button" onClick={onAgain}>
          {againLabel}
        </button>
        <button type="button" className="button button--primary" onClick={onDone}>
          {t('Done')}
        </button>
      </div>
    </div>
  );
}
