/**
 * Reconnect backoff with full jitter.
 *
 * y-websocket waits `min(100 ms · 2^attempt, maxBackoffTime)` before each
 * reconnect: the same delay in every browser. When a server restarts, every
 * tab it dropped would come back in the same few milliseconds, again and
 * again. Full jitter (a uniformly random delay up to the exponential ceiling)
 * spreads them out while keeping the same average growth.
 */

/** y-websocket's own base and cap, so the average pace stays what it was. */
export const reconnectBaseMs = 100;
export const reconnectCapMs = 2500;

/** A random delay in [0, min(cap, base · 2^attempt)), in whole milliseconds. */
export function fullJitterDelay(attempt: number, random: () => number = Math.random, baseMs = reconnectBaseMs, capMs = reconnectCapMs): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.floor(Math.min(Math.max(random(), 0), 1 - Number.EPSILON) * ceiling);
}

/** The parts of y-websocket's WebsocketProvider this module touches (all public). */
export interface ReconnectingProvider {
  wsUnsuccessfulReconnects: number;
  maxBackoffTime: number;
  on(event: 'connection-close', handler: () => void): void;
  off(event: 'connection-close', handler: () => void): void;
}

/**
 * Makes the provider wait a jittered delay before each reconnect.
 *
 * The provider emits `connection-close` and only then counts the failed
 * attempt and computes `min(100 · 2^(count), maxBackoffTime)`; setting
 * `maxBackoffTime` to a jittered value at most that ceiling here makes the
 * jittered value the delay. Returns a function that undoes it.
 */
export function jitterReconnects(provider: ReconnectingProvider, random: () => number = Math.random): () => void {
  const onClose = (): void => {
    provider.maxBackoffTime = fullJitterDelay(provider.wsUnsuccessfulReconnects + 1, random);
  };
  provider.on('connection-close', onClose);
  return () => provider.off('connection-close', onClose);
}
