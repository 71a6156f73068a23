import type { ReactNode } from 'react';
import { Dialog } from './Dialog';
import { FormError } from './FormError';
import { useSubmit } from '../lib/useSubmit';
import { useTranslation } from 'react-i18next';

interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** Runs the action; the dialog closes when it succeeds and shows the error when it fails. */
  onConfirm: () => Promise<void>;
  onClose: () => void;
}

/** Asks before something that cannot be undone in one click (remove, revoke, stop sharing). */
export function ConfirmDialog({ title, children, confirmLabel, onConfirm, onClose }: ConfirmDialogProps) {
  const { t } = useTranslation();
  const confirming = useSubmit(async () => {
    await onConfirm();
    onClose();
  });
  return (
    <Dialog title={title} onClose={onClose}>
      <div className="stack">
        <div>{children}</div>
        <FormError message={confirming.error} />
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onClose}>
            {t('Cancel')}
          </button>
          <button type="button" className="button button--danger" disabled={confirming.busy} onClick={() => void confirming.run()}>
            {confirming.busy ? t('Working…') : confirmLabel}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
