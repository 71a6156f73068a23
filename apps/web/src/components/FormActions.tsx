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
