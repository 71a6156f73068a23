import type { RelativeDue } from '@casehub/contract';
import { i18n } from '../../i18n';

/** A template date in words ("close date − 30 days"), in the active language; the contract's describeDue is the English one for the API. */
export function describeDue(due: RelativeDue): string {
  if (due.amount === 0) return due.from === 'close' ? i18n.t('on the close date') : i18n.t('on the day of creation');
  const count = Math.abs(due.amount);
  const amount =
    due.unit === 'days'
      ? i18n.t('{{count}} days', { count })
      : due.unit === 'weeks'
        ? i18n.t('{{count}} weeks', { count })
        : i18n.t('{{count}} months', { count });
  if (due.from === 'close') return due.amount < 0 ? i18n.t('close date − {{amount}}', { amount }) : i18n.t('close date + {{amount}}', { amount });
  return due.amount < 0 ? i18n.t('creation − {{amount}}', { amount }) : i18n.t('creation + {{amount}}', { amount });
}
