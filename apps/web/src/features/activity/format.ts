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
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** Why a file has no searchable text, in words a person understands. */
export function textStatusLabel(status: string, reason?: string | null): string {
  switch (status) {
    case 'pending':
      return 'Reading the text…';
    case 'done':
      return 'Text extracted, searchable';
    case 'none':
      return 'No text to extract (not a PDF)';
    case 'no-text-layer':
      return 'No text layer (a scan or image): not searchable';
    case 'encrypted':
      return 'Password protected: text could not be read';
    case 'corrupt':
      return 'Damaged PDF: text could not be read';
    case 'too-large':
      return 'Too large to read the text';
    case 'timeout':
      return 'Reading the text took too long and was stopped';
    case 'failed':
      return reason ? `Text could not be read: ${reason}` : 'Text could not be read';
    default:
      return reason ?? status;
  }
}
