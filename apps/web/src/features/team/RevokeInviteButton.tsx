import { useTranslation } from 'react-i18next';

/** Revoke on a pending invite; the list it sits in runs the call (useSubmit) and shows its failure. */
export function RevokeInviteButton({ email, busy, onRevoke }: { email: string; busy: boolean; onRevoke: () => void }) {
  const { t } = useTranslation();
  return (
    <button
      type="button"
      className="link-button link-button--danger"
      aria-label={t('Revoke the invite for {{email}}', { email })}
      disabled={busy}
      onClick={onRevoke}
    >
      {t('Revoke')}
    </button>
  );
}
