import type { ExpectationStatus } from '@casehub/case-document';
import { useTranslation } from 'react-i18next';
import { formatLocale, msg } from '../../i18n';

const statusLabels: Record<ExpectationStatus, string> = {
  open: msg('Open'),
  'at-risk': msg('At risk'),
  met: msg('Met'),
  missed: msg('Missed'),
};

/** The status chip of a promise: colour plus its word, never colour alone. */
export function StatusChip({ status }: { status: ExpectationStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`tag status-chip status-chip--${status}`} data-status={status}>
      {t(statusLabels[status])}
    </span>
  );
}

export function formatDue(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(formatLocale(), { dateStyle: 'medium', timeStyle: 'short' });
}

/** A `datetime-local` value (local time, to the minute or second) for a Date. */
export function toLocalInput(d: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
