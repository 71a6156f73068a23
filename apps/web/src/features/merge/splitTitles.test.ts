import { describe, expect, it } from 'vitest';
import { splitTitle, subjectOf, threadTitle } from './splitTitles';

describe('the title a split proposes for its new case (issue 17.5)', () => {
  it('names a thread by its subject, without reply and forward prefixes in any number or language', () => {
    expect(threadTitle('Re: Fwd: RE: Printer jams')).toBe('Printer jams');
    expect(threadTitle('AW: WG: Angebot')).toBe('Angebot');
    expect(threadTitle('Re[2]: Quote')).toBe('Quote');
    expect(threadTitle('Regarding the quote')).toBe('Regarding the quote');
    expect(subjectOf({ summary: 'Re: Printer — jams — Pat Customer' })).toBe('Printer — jams');
    expect(subjectOf({ summary: 'No sender here' })).toBe('No sender here');
  });

  it('names chosen entries after the oldest (the last in the stream), else after the case', () => {
    const chosen = [
      { kind: 'note' as const, summary: 'Refund agreed' },
      { kind: 'email' as const, summary: 'Re: Billing dispute — Pat Customer' },
    ];
    expect(splitTitle(chosen, 'Globex')).toBe('Billing dispute');
    expect(splitTitle([{ kind: 'note', summary: 'First line\nsecond' }], 'Globex')).toBe('First line');
    expect(splitTitle([{ kind: 'note', summary: '' }], 'Globex')).toBe('Globex (split)');
    expect(splitTitle([], 'Globex')).toBe('Globex (split)');
  });
});
