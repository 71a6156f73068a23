import { describe, expect, it } from 'vitest';
import { FailureLimiter } from './rate-limit.js';

describe('FailureLimiter', () => {
  it('blocks after the limit within the window and frees when the window passes', () => {
    let now = 1_000_000;
    const limiter = new FailureLimiter(3, 60_000, () => now);
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfter('k')).toBe(0);
      limiter.fail('k');
    }
    expect(limiter.retryAfter('k')).toBe(60_000);
    expect(limiter.retryAfter('other')).toBe(0);
    now += 30_000;
    expect(limiter.retryAfter('k')).toBe(30_000);
    now += 30_001;
    expect(limiter.retryAfter('k')).toBe(0);
  });

  it('reset clears a key', () => {
    const limiter = new FailureLimiter(1, 60_000);
    limiter.fail('k');
    expect(limiter.retryAfter('k')).toBeGreaterThan(0);
    limiter.reset('k');
    expect(limiter.retryAfter('k')).toBe(0);
  });
});
