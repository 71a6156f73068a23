import type { RateLimitStore, SharedCounter } from '../../lib/rate-limits.js';

/**
 * Counts attempts per key in a sliding window. An attempt is counted when it
 * starts, before the password check it guards (issue 20.10): counting only
 * failures, after an Argon2 check of ~50 ms, let a burst of concurrent wrong
 * passwords all pass the "under the limit?" test before the first one failed.
 * Checking and counting happen in one synchronous step, so on one node no
 * interleaving gets past the limit. With several nodes (REDIS_URL) the same
 * attempt is counted once more in Redis, so the limit holds for the whole
 * cluster, not per node (issue 14.5).
 */
export class AttemptLimiter {
  private readonly attempts = new Map<string, number[]>();
  /** The count every node shares, when there are several. */
  readonly shared: SharedCounter | null;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    options: { now?: () => number; store?: RateLimitStore; name?: string } = {},
  ) {
    this.now = options.now ?? Date.now;
    this.shared = options.store && options.name ? options.store.counter(options.name, limit, windowMs) : null;
  }

  private readonly now: () => number;

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
    this.refundHere(key);
    void this.shared?.refund(key);
  }

  reset(key: string): void {
    this.attempts.delete(key);
    void this.shared?.reset(key);
  }

  /** Takes back this node's count only (the shared one was not taken). */
  refundHere(key: string): void {
    const recent = this.recent(key);
    recent.pop();
    if (recent.length === 0) this.attempts.delete(key);
    else this.attempts.set(key, recent);
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
 * them is at its limit, answers how long to wait and counts nothing. This
 * node's check and count are one synchronous step (no other request runs
 * between them); the shared count across nodes follows, and an attempt it
 * refuses is taken back everywhere it was counted.
 */
export async function reserveAttempt(pairs: Array<readonly [AttemptLimiter, string]>): Promise<number> {
  const wait = Math.max(0, ...pairs.map(([limiter, key]) => limiter.retryAfter(key)));
  if (wait > 0) return wait;
  for (const [limiter, key] of pairs) limiter.count(key);
  const shared = pairs.flatMap(([limiter, key]) => (limiter.shared ? [[limiter.shared, key] as const] : []));
  if (shared.length === 0) return 0;
  const waits = await Promise.all(shared.map(([counter, key]) => counter.consume(key)));
  const sharedWait = Math.max(0, ...waits);
  if (sharedWait === 0) return 0;
  for (const [limiter, key] of pairs) limiter.refundHere(key);
  await Promise.all(shared.map(([counter, key], i) => (waits[i] === 0 ? counter.refund(key) : undefined)));
  return sharedWait;
}
