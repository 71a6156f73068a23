import { describe, expect, it } from 'vitest';
import { chooseThread, participantsOf, referencedIds, type ThreadCandidate } from './threading.js';

const thread: ThreadCandidate = {
  emailId: 'e1',
  messageId: '<Root@Example.com>',
  threadId: 't1',
  caseId: 'c1',
  participants: participantsOf([{ fromAddress: 'Customer@Example.com', to: [{ address: 'case-x@casehub.localhost' }], cc: [{ address: 'boss@example.com' }] }]),
};

describe('threading', () => {
  it('reads In-Reply-To first, then References from the nearest back', () => {
    expect(referencedIds({ inReplyTo: '<C@x>', references: ['<A@x>', '<B@x>', '<C@x>'] })).toEqual(['c@x', 'b@x', 'a@x']);
  });

  it('joins the thread when the sender took part in it (any case, Message-ID case-insensitive)', () => {
    const decision = chooseThread({ inReplyTo: '<root@example.com>', references: [], fromAddress: 'customer@example.com' }, [thread]);
    expect(decision?.threadId).toBe('t1');
    expect(chooseThread({ inReplyTo: null, references: ['<ROOT@example.com>'], fromAddress: 'BOSS@example.com' }, [thread])?.threadId).toBe('t1');
  });

  it('refuses a stranger who copies the Message-ID (a newsletter reply cannot hijack a thread)', () => {
    expect(chooseThread({ inReplyTo: '<root@example.com>', references: [], fromAddress: 'spammer@elsewhere.example' }, [thread])).toBeNull();
    expect(chooseThread({ inReplyTo: '<root@example.com>', references: [], fromAddress: '' }, [thread])).toBeNull();
  });

  it('starts a new thread without threading headers, whatever the subject says', () => {
    expect(chooseThread({ inReplyTo: null, references: [], fromAddress: 'customer@example.com' }, [thread])).toBeNull();
  });
});
