import { formatLocale, i18n } from '../../i18n';

export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '';
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(formatLocale(), { dateStyle: 'medium', timeStyle: 'short' });
}

/** Why a file has no searchable text, in words a person understands. */
export function textStatusLabel(status: string, reason?: string | null): string {
  switch (status) {
    case 'pending':
      return i18n.t('Reading the text…');
    case 'done':
      return i18n.t('Text extracted, searchable');
    case 'none':
      return i18n.t('No text to extract (not a PDF)');
    case 'no-text-layer':
      return i18n.t('No text layer (a scan or image): not searchable');
    case 'encrypted':
      return i18n.t('Password protected: text could not be read');
    case 'corrupt':
      return i18n.t('Damaged PDF: text could not be read');
    case 'too-large':
      return i18n.t('Too large to read the text');
    case 'timeout':
      return i18n.t('Reading the text took too long and was stopped');
    case 'failed':
      return reason ? i18n.t('Text could not be read: {{reason}}', { reason }) : i18n.t('Text could not be read');
    default:
      return reason ?? status;
  }
}
