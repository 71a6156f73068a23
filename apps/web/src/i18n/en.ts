/**
 * English. Keys are the English text, so only plural forms live here: a key used with
 * `count` has its `_one` and `_other` forms (i18n.test.tsx checks that each one does).
 */
export const en: Record<string, string> = {
  '{{count}} cases_one': '{{count}} case',
  '{{count}} cases_other': '{{count}} cases',
  '{{count}} promises at risk_one': '{{count}} promise at risk',
  '{{count}} promises at risk_other': '{{count}} promises at risk',
  'Saved. {{count}} cases changed stage._one': 'Saved. {{count}} case changed stage.',
  'Saved. {{count}} cases changed stage._other': 'Saved. {{count}} cases changed stage.',
  'Triage, {{count}} waiting_one': 'Triage, {{count}} waiting',
  'Triage, {{count}} waiting_other': 'Triage, {{count}} waiting',
  'last {{count}} weeks_one': 'last {{count}} week',
  'last {{count}} weeks_other': 'last {{count}} weeks',
  '· {{count}} messages_one': '· {{count}} message',
  '· {{count}} messages_other': '· {{count}} messages',
  'Notifications, {{count}} unread_one': 'Notifications, {{count}} unread',
  'Notifications, {{count}} unread_other': 'Notifications, {{count}} unread',
  '{{count}} of 10 recovery codes left._one': '{{count}} of 10 recovery codes left.',
  '{{count}} of 10 recovery codes left._other': '{{count}} of 10 recovery codes left.',
  // activity, drafts, history, merge, csv, settings pages
  '{{count}} days_one': '{{count}} day',
  '{{count}} days_other': '{{count}} days',
  '{{count}} weeks_one': '{{count}} week',
  '{{count}} weeks_other': '{{count}} weeks',
  '{{count}} months_one': '{{count}} month',
  '{{count}} months_other': '{{count}} months',
  '{{rows}} rows. Which column holds what:_one': '{{rows}} row. Which column holds what:',
  '{{rows}} rows. Which column holds what:_other': '{{rows}} rows. Which column holds what:',
  'Import {{count}} rows_one': 'Import {{count}} row',
  'Import {{count}} rows_other': 'Import {{count}} rows',
  '…and {{count}} more._one': '…and {{count}} more.',
  '…and {{count}} more._other': '…and {{count}} more.',
  '{{count}} entries_one': '{{count}} entry',
  '{{count}} entries_other': '{{count}} entries',
  '{{count}} emails_one': '{{count}} email',
  '{{count}} emails_other': '{{count}} emails',
  '{{count}} files_one': '{{count}} file',
  '{{count}} files_other': '{{count}} files',
  '{{count}} entries, with the emails and files they hold, move to a new case. The people on this case join the new one. A split cannot be undone; merging the new case back into this one brings its entries back._one':
    '{{count}} entry, with the emails and files they hold, move to a new case. The people on this case join the new one. A split cannot be undone; merging the new case back into this one brings its entries back.',
  '{{count}} entries, with the emails and files they hold, move to a new case. The people on this case join the new one. A split cannot be undone; merging the new case back into this one brings its entries back._other':
    '{{count}} entries, with the emails and files they hold, move to a new case. The people on this case join the new one. A split cannot be undone; merging the new case back into this one brings its entries back.',
  '{{count}} selected_one': '{{count}} selected',
  '{{count}} selected_other': '{{count}} selected',
  '{{count}} selected: at most {{max}} at a time_one': '{{count}} selected: at most {{max}} at a time',
  '{{count}} selected: at most {{max}} at a time_other': '{{count}} selected: at most {{max}} at a time',
};
