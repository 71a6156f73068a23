import type { ActivityRecord } from '@casehub/case-document';
import { i18n } from '../../i18n';

/** "Re: Fwd: Printer jams" → "Printer jams": a new case named after the thread, not after its latest reply. */
export function threadTitle(subject: string): string {
  return subject.replace(/^(\s*(re|fwd?|aw|wg|sv|tr)\s*(\[\d+\])?\s*:\s*)+/i, '').trim();
}

/** An email entry's summary is "<subject> — <sender>": the subject, without Re:/Fwd:. */
export function subjectOf(entry: Pick<ActivityRecord, 'summary'>): string {
  const cut = entry.summary.lastIndexOf(' — ');
  return threadTitle(cut > 0 ? entry.summary.slice(0, cut) : entry.summary);
}

/**
 * A title for the new case a split makes of `chosen` (newest first, as the
 * stream lists them): what the oldest one is about, else "<this case> (split)".
 */
export function splitTitle(chosen: readonly Pick<ActivityRecord, 'kind' | 'summary'>[], caseTitle: string): string {
  const oldest = chosen[chosen.length - 1];
  const about = oldest ? (oldest.kind === 'email' ? subjectOf(oldest) : (oldest.summary.split('\n')[0] ?? '').trim()) : '';
  return about || i18n.t('{{title}} (split)', { title: caseTitle });
}
