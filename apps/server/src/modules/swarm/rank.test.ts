import { describe, expect, it } from 'vitest';
import { rankSwarm, type SwarmHistory } from './rank.js';

const person = (userId: string, o: Partial<SwarmHistory> = {}): SwarmHistory => ({
  userId,
  name: userId.toUpperCase(),
  accountCases: 0,
  contactCases: 0,
  repliesToSender: 0,
  sameSignals: { answered: 0, signals: [] },
  promises: { met: 0, missed: 0 },
  ...o,
});
const about = { account: 'Initech', sender: 'bill@initech.example', senderName: 'Bill Lumbergh' };

describe('[issue 15.7] swarm ranking on a fixed history', () => {
  it('orders by the evidence and explains each suggestion in words', () => {
    const ranked = rankSwarm(
      [
        person('ann', { accountCases: 2, promises: { met: 9, missed: 1 } }),
        person('bob', { contactCases: 1, repliesToSender: 3 }),
        person('cy', { accountCases: 1 }),
        person('dee', { promises: { met: 20, missed: 0 } }),
      ],
      about,
    );
    // Dee kept every promise but has nothing to do with Initech or Bill: not suggested.
    expect(ranked).toEqual([
      { userId: 'bob', name: 'BOB', score: 9, reasons: ['On 1 other case with Bill Lumbergh', 'Wrote to bill@initech.example 3 times'] },
      { userId: 'ann', name: 'ANN', score: 7.6, reasons: ['Worked on 2 other cases of Initech', 'Kept 9 of 10 promises (90%)'] },
      { userId: 'cy', name: 'CY', score: 3, reasons: ['Worked on 1 other case of Initech'] },
    ]);
  });

  it('a poor promise record lowers a person below an equal one with a good record; too few promises say nothing', () => {
    const ranked = rankSwarm(
      [
        person('slips', { accountCases: 1, promises: { met: 1, missed: 4 } }),
        person('keeps', { accountCases: 1, promises: { met: 5, missed: 0 } }),
        person('new', { accountCases: 1, promises: { met: 2, missed: 0 } }),
      ],
      about,
    );
    expect(ranked.map((r) => r.userId)).toEqual(['keeps', 'new', 'slips']);
    expect(ranked.find((r) => r.userId === 'new')?.reasons).toEqual(['Worked on 1 other case of Initech']);
  });

  it('nobody on no evidence, however good their record; ties by name; at most the limit; counts capped at five', () => {
    expect(rankSwarm([person('dee', { promises: { met: 20, missed: 0 } })], about)).toEqual([]);
    const many = Array.from({ length: 8 }, (_, i) => person(`p${i}`, { accountCases: 1 }));
    expect(rankSwarm(many, about, 3).map((r) => r.userId)).toEqual(['p0', 'p1', 'p2']);
    expect(rankSwarm([person('x', { accountCases: 40 })], about)[0]?.score).toBe(15);
  });

  it('who answered messages with the same signals elsewhere is suggested on that alone, with the signals named', () => {
    const ranked = rankSwarm(
      [person('sam', { sameSignals: { answered: 2, signals: ['refund', 'cancel', 'unacceptable', 'lawyer'] } }), person('cy', { accountCases: 1 })],
      about,
    );
    expect(ranked).toEqual([
      { userId: 'sam', name: 'SAM', score: 4, reasons: ['Answered 2 messages with the same signals (refund, cancel, unacceptable)'] },
      { userId: 'cy', name: 'CY', score: 3, reasons: ['Worked on 1 other case of Initech'] },
    ]);
  });
});
