import { describe, expect, it } from 'vitest';
import { AttemptLimiter, reserveAttempt } from './rate-limit.js';

describe('AttemptLimiter', () => {
  it('blocks after the limit within the window and frees when the window passes', () => {
    let now = 1_000_000;
    const limiter = new AttemptLimiter(3, 60_000, { now: () => now });
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfter('k')).toBe(0);
      limiter.count('k');
    }
    expect(limiter.retryAfter('k')).toBe(60_000);
    expect(limiter.retryAfter('other')).toBe(0);
    now += 30_000;
    expect(limiter.retryAfter('k')).toBe(30_000);
    now += 30_001;
    expect(limiter.retryAfter('k')).toBe(0);
  });

  it('reset clears a key, refund gives one attempt back', () => {
    const limiter = new AttemptLimiter(2, 60_000);
    limiter.count('k');
    limiter.count('k');
    expect(limiter.retryAfter('k')).toBeGreaterThan(0);
    limiter.refund('k');
    expect(limiter.retryAfter('k')).toBe(0);
    limiter.reset('k');
    limiter.count('k');
    expect(limiter.retryAfter('k')).toBe(0);
  });

  it('[issue 20.10] reserveAttempt counts before the outcome, on every key or on none', async () => {
    const account = new AttemptLimiter(5, 60_000);
    const address = new AttemptLimiter(30, 60_000);
    // A burst: every attempt is reserved before any of them finished.
    const admitted = (
      await Promise.all(
        Array.from({ length: 40 }, () =>
          reserveAttempt([
            [account, 'a@x'],
            [address, '10.0.0.1'],
          ]),
        ),
      )
    ).filter((w) => w === 0);
    expect(admitted).toHaveLength(5);
    // The refused ones counted nothing against the address.
    expect(await reserveAttempt([[address, '10.0.0.1']])).toBe(0);
  });
});
