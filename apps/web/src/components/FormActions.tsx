import { FormError } from './FormError';
import { useTranslation } from 'react-i18next';

/** A form's Cancel and submit buttons; while busy the submit is disabled and says what it is doing. */
export function FormActions({
  onCancel,
  submitLabel,
  busy = false,
  busyLabel,
}: {
  onCancel: () => void;
  submitLabel: string;
  busy?: boolean;
  busyLabel?: string;
}) {
  const { t } = useTranslation();
  return (
    <div className="dialog__actions">
      <button type="button" className="button" onClick={onCancel}>
        {t('Cancel')}
      </button>
      <button type="submit" className="button button--primary" disabled={busy}>
        {busy ? (busyLabel ?? t('Saving…')) : submitLabel}
      </button>
    </div>
  );
}

/**
 * A form on the page (not in a dialog): its message, the submit first and, when
 * there is one, Cancel; while busy the submit is disabled and says "Saving…".
 */
export function InlineFormActions({
  error,
  submitLabel,
  busy,
  onCancel,
}: {
  error: string | null;
  submitLabel: string;
  busy: boolean;
  onCancel?: (() => void) | undefined;
}) {
  const { t } = useTranslation();
  return (
    <>
      <FormError message={error} />
      <div className="composer__actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t('Saving…') : submitLabel}
        </button>
        {onCancel ? (
          <button type="button" className="button" onClick={onCancel}>
            {t('Cancel')}
          </button>
        ) : null}
      </div>
    </>
  );
}

/**
 * The end of a settings form: its message, what the last save did, and the
 * submit for those who may change the settings (others see no button).
 */
export function SettingsFormEnd({
  error,
  saved,
  editable,
  busy,
  submitLabel,
  primary = true,
}: {
  error: string | null;
  /** Said after a save, until the next one starts. */
  saved: string | null;
  editable: boolean;
  busy: boolean;
  submitLabel: string;
  primary?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <>
      <FormError message={error} />
      {saved ? (
        <p className="notice notice--success" role="status">
          {saved}
        </p>
      ) : null}
      {editable ? (
        <div>
          <button type="submit" className={primary ? 'button button--primary' : 'button'} disabled={busy}>
            {busy ? t('Saving…') : submitLabel}
          </button>
        </div>
      ) : null}
    </>
  );
}
