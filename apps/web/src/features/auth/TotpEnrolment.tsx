import { useId, useState } from 'react';
import type { TotpSetup } from '@casehub/contract';
import { useTranslation } from 'react-i18next';

/**
 * What an authenticator app needs to enrol: the QR code (the server drew it
 * as SVG from the otpauth:// URL) and, for typing in by hand, the secret.
 */
export function TotpEnrolment({ setup }: { setup: TotpSetup }) {
  const { t } = useTranslation();
  const [showSecret, setShowSecret] = useState(false);
  const secretId = useId();
  return (
    <div className="stack totp-enrolment">
      <p>{t('Scan this code with your authenticator app (1Password, Google Authenticator, Microsoft Authenticator, Authy …):')}</p>
      {/* The server's own SVG drawing of the QR code: no script, no links. */}
      <div
        className="totp-enrolment__qr"
        role="img"
        aria-label={t('QR code to scan with your authenticator app')}
        dangerouslySetInnerHTML={{ __html: setup.qrSvg }}
      />
      {showSecret ? (
        <div className="field">
          <label htmlFor={secretId}>{t('Secret key (type it into the app instead of scanning)')}</label>
          <input id={secretId} readOnly value={setup.secret} onFocus={(e) => e.currentTarget.select()} />
        </div>
      ) : (
        <button type="button" className="link-button" onClick={() => setShowSecret(true)}>
          {t('Can’t scan it? Show the secret key')}
        </button>
      )}
    </div>
  );
}
