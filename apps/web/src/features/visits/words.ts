import { i18n, msg } from '../../i18n';

/**
 * The words of "Since you were last here" in the active language. The contract's `describeCounts`,
 * `entryKindWord` and `caseFieldLabels` say the same in English for the digest email; the page says it here.
 */
const kindWords: Record<string, string> = {
  note: msg('note'),
  email: msg('email'),
  file: msg('file'),
  call: msg('call'),
  meeting: msg('meeting'),
  expectation: msg('promise update'),
  status: msg('status line'),
  system: msg('update'),
};

/** The word for one entry of a kind: "note", "promise update" (an unknown kind as it is). */
export const entryKindWord = (kind: string): string => (kindWords[kind] ? i18n.t(kindWords[kind]) : kind);

/** "2 notes": each kind its own counted key, so that each has its plural forms. */
function countOf(kind: string, count: number): string {
  switch (kind) {
    case 'note':
      return i18n.t('{{count}} notes', { count });
    case 'email':
      return i18n.t('{{count}} emails', { count });
    case 'file':
      return i18n.t('{{count}} files', { count });
    case 'call':
      return i18n.t('{{count}} calls', { count });
    case 'meeting':
      return i18n.t('{{count}} meetings', { count });
    case 'expectation':
      return i18n.t('{{count}} promise updates', { count });
    case 'status':
      return i18n.t('{{count}} status lines', { count });
    case 'system':
      return i18n.t('{{count}} updates', { count });
    default:
      return `${count} ${kind}`;
  }
}

/** "2 notes, 1 email": a summary's counts in words, in the order given. */
export const describeCounts = (counts: Record<string, number>): string =>
  Object.entries(counts)
    .map(([kind, n]) => countOf(kind, n))
    .join(', ');

const fieldLabels: Record<string, string> = {
  title: msg('Title'),
  kind: msg('Kind'),
  stage: msg('Stage'),
  priority: msg('Priority'),
  ownerId: msg('Owner'),
  account: msg('Account'),
  value: msg('Value'),
  currency: msg('Currency'),
  closeDate: msg('Close date'),
};

/** How a case field is named to people: "Close date" for `closeDate` (an unknown field by its name). */
export const caseFieldLabel = (field: string): string => (fieldLabels[field] ? i18n.t(fieldLabels[field]) : field);
