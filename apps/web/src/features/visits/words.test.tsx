import { afterEach, describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider, Trans } from 'react-i18next';
import { describeCounts as contractCounts } from '@casehub/contract';
import { i18n } from '../../i18n';
import { caseFieldLabel, describeCounts, entryKindWord } from './words';

afterEach(async () => {
  await i18n.changeLanguage('en');
});

describe('the words of "Since you were last here" (issue 17.7)', () => {
  it('say in English what the contract says for the digest', () => {
    const counts = { note: 1, email: 2, expectation: 1, status: 3, system: 2, file: 1, call: 2, meeting: 1 };
    expect(describeCounts(counts)).toBe(contractCounts(counts));
    expect(describeCounts({ note: 1, email: 2 })).toBe('1 note, 2 emails');
    expect(entryKindWord('expectation')).toBe('promise update');
    expect(caseFieldLabel('closeDate')).toBe('Close date');
  });

  it('follow the language, and leave a kind or field they do not know as it is', async () => {
    await i18n.changeLanguage('de');
    expect(describeCounts({ note: 1, email: 2 })).toBe('1 Notiz, 2 E-Mails');
    expect(entryKindWord('note')).toBe('Notiz');
    expect(caseFieldLabel('closeDate')).toBe('Abschlussdatum');
    expect(describeCounts({ fax: 2 })).toBe('2 fax');
    expect(caseFieldLabel('cf_region')).toBe('cf_region');
  });

  it('put the time of "opened the case" where the language puts it (the key CaseViewsPanel uses)', async () => {
    // RelativeTime itself needs a browser (useSyncExternalStore); a <time> stands in for it.
    const render = () =>
      renderToStaticMarkup(
        <I18nextProvider i18n={i18n}>
          <Trans i18nKey="opened the case <time />" components={{ time: <time dateTime="2026-01-01">5 minutes ago</time> }} />
        </I18nextProvider>,
      );
    expect(render()).toBe('opened the case <time dateTime="2026-01-01">5 minutes ago</time>');
    await i18n.changeLanguage('de');
    expect(render()).toBe('hat den Fall <time dateTime="2026-01-01">5 minutes ago</time> geöffnet');
  });
});
