import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { useApi } from '../../lib/useApi';

/** The case's own email address (mail sent or forwarded there lands in the stream), with a copy button. */
export function CaseAddress({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const address = useApi(`case-address:${caseId}`, (signal) => api.caseAddress(caseId, signal));
  const [copied, setCopied] = useState(false);
  if (address.state !== 'ready') return null;
  return (
    <span className="case-address">
      <span className="muted">{t('Email to')}</span> <code data-testid="case-address">{address.data}</code>
      <button
        type="button"
        className="link-button"
        aria-label={t("Copy the case's email address")}
        onClick={() => {
          void navigator.clipboard?.writeText(address.data).then(() => {
            setCopied(true);
            setTimeout(() => setCopied(false), 1500);
          });
        }}
      >
        {copied ? t('Copied') : t('Copy')}
      </button>
    </span>
  );
}
