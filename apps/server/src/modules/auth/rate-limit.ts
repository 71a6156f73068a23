/**
 * Counts attempts per key in a sliding window. An attempt is counted when it
 * starts, before the password check it guards (issue 20.10): counting only
 * failures, after an Argon2 check of ~50 ms, let a burst of concurrent wrong
 * passwords all pass the "under the limit?" test before the first one failed.
 * Checking and counting happen in one synchronous step, so on one node no
 * interleaving gets past the limit. In memory: with several nodes each node
 * counts its own, which still bounds guessing to nodes × limit.
 */
export class AttemptLimiter {
  private readonly attempts = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until another attempt is allowed, or 0. */
  retryAfter(key: string): number {
    const recent = this.recent(key);
    if (recent.length < this.limit) return 0;
    const oldest = recent[recent.length - this.limit] ?? this.now();
    return Math.max(1, oldest + this.windowMs - this.now());
  }

  /** Counts an attempt now, whatever its outcome will be. */
  count(key: string): void {
    const recent = this.recent(key);
    recent.push(this.now());
    this.attempts.set(key, recent);
    if (this.attempts.size > 100_000) this.prune();
  }

  /** Takes back one counted attempt that succeeded (a right password is not guessing). */
  refund(key: string): void {
    const recent = this.recent(key);
    recent.pop();
    if (recent.length === 0) this.attempts.delete(key);
    else this.attempts.set(key, recent);
  }

  reset(key: string): void {
    this.attempts.delete(key);
  }

  private recent(key: string): number[] {
    const since = this.now() - this.windowMs;
    return (this.attempts.get(key) ?? []).filter((t) => t > since);
  }

  private prune(): void {
    for (const key of this.attempts.keys()) {
      if (this.recent(key).length === 0) this.attempts.delete(key);
    }
  }
}

/**
 * Counts one attempt against every (limiter, key) pair, or none: when any of
 * them is at its limit, answers how long to wait and counts nothing. Synchronous
 * on purpose: no other request runs between the check and the count.
 */
export function reserveAttempt(pairs: Array<readonly [AttemptLimiter, string]>): number {
  const wait = Math.max(0, ...pairs.map(([limiter, key]) => limiter.retryAfter(key)));
  if (wait > 0) return wait;
  for (const [limiter, key] of pairs) limiter.count(key);
  return 0;
}
