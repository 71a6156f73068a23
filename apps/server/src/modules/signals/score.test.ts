import { readFileSync } from 'node:fs';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { scoreMessage } from './score.js';
import { emailCorpusDir } from '../../../test/corpus.js';

const table: Array<[string, string, string, boolean]> = [
  [
    'angry',
    'This is unacceptable',
    'Your product has been down for three days. This is the worst service I have ever had and I am furious. Fix it or we cancel.',
    true,
  ],
  [
    'urgent outage',
    'URGENT: production is down',
    'Our production system is not working since this morning. We need someone on this immediately, customers are affected!!',
    true,
  ],
  ['legal threat', 'Final warning', 'If the refund is not processed by Friday our lawyer will take legal action.', true],
  ['still waiting', 'Re: ticket 4411', 'We are still waiting for an answer. This is ridiculous, escalate this to your manager.', true],
  ['neutral', 'Meeting notes', 'Thanks for the call today. Attached are the notes. Let us meet again next Tuesday to review the proposal.', false],
  ['happy', 'Great work', 'The rollout went well and the team loves the new dashboard. Thank you, excellent job!', false],
  ['polite question', 'Invoice question', 'Could you please send a copy of the March invoice when you have a moment? Kind regards.', false],
  ['sarcastic', 'Wonderful', 'Oh great, another outage. Just wonderful. Thanks so much for ruining our launch, really fantastic support.', true],
  ['quoted anger is not ours', 'Re: sorry', 'Thanks, all good now, appreciated.\n\n> This is unacceptable, we will cancel and call our lawyer!!!', false],
  ['non-English, calm', 'Rechnung', 'Guten Tag, anbei die Rechnung für November. Mit freundlichen Grüßen', false],
  ['non-English, urgent cue words', 'URGENT', "Le serveur est down depuis ce matin, c'est inacceptable!! ASAP svp", true],
];

describe('scoreMessage', () => {
  it.each(table)('%s', (_label, subject, text, flagged) => {
    const result = scoreMessage({ subject, text });
    expect(result.flagged, `${result.score} ${result.signals.join(', ')}`).toBe(flagged);
    expect(result.score).toBeGreaterThanOrEqual(0);
    expect(result.score).toBeLessThanOrEqual(100);
    if (flagged) expect(result.signals.length).toBeGreaterThan(0);
  });

  it('is deterministic and explains itself', () => {
    const a = scoreMessage({ subject: 'Worst service', text: 'We want a refund immediately.' });
    const b = scoreMessage({ subject: 'Worst service', text: 'We want a refund immediately.' });
    expect(a).toEqual(b);
    expect(a.signals).toEqual(expect.arrayContaining(['refund', 'immediately', 'worst']));
  });

  it('scores real corpus mail without throwing, and does not flag a calendar invite', async () => {
    const raw = readFileSync(`${emailCorpusDir}/postalmime-calendar-event.eml`);
    const parsed = await simpleParser(raw);
    const result = scoreMessage({ subject: parsed.subject ?? '', text: parsed.text ?? '' });
    expect(result.flagged).toBe(false);
  });
});
