import { FormError } from './FormError';

/** A form's Cancel and submit buttons; while busy the submit is disabled and says what it is doing. */
export function FormActions({
  onCancel,
  submitLabel,
  busy = false,
  busyLabel = 'Saving…',
}: {
  onCancel: () => void;
  submitLabel: string;
  busy?: boolean;
  busyLabel?: string;
}) {
  return (
    <div className="dialog__actions">
      <button type="button" className="button" onClick={onCancel}>
        Cancel
      </button>
      <button type="submit" className="button button--primary" disabled={busy}>
        {busy ? busyLabel : submitLabel}
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
  return (
    <>
      <FormError message={error} />
      <div className="composer__actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Saving…' : submitLabel}
        </button>
        {onCancel ? (
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </>
  );
}
