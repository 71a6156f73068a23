import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { fullJitterDelay, jitterReconnects, reconnectCapMs } from './backoff';

describe('fullJitterDelay', () => {
  it('[S10] stays below the exponential ceiling, capped', () => {
    expect(fullJitterDelay(1, () => 0)).toBe(0);
    expect(fullJitterDelay(1, () => 0.999999)).toBe(199);
    expect(fullJitterDelay(3, () => 0.5)).toBe(400);
    expect(fullJitterDelay(30, () => 0.999999)).toBe(reconnectCapMs - 1);
    expect(fullJitterDelay(30, () => 1)).toBeLessThan(reconnectCapMs);
  });

  it('[S10] spreads 1,000 clients dropped at once over the whole window', () => {
    const delays = Array.from({ length: 1000 }, () => fullJitterDelay(4));
    const buckets = new Array(8).fill(0);
    for (const d of delays) buckets[Math.floor(d / 200)]++;
    // Without jitter all 1,000 would share one delay (1,600 ms); with it, every 200 ms slice gets some.
    expect(new Set(delays).size).toBeGreaterThan(500);
    for (const count of buckets) expect(count).toBeGreaterThan(50);
  });
});

describe('jitterReconnects on the real WebsocketProvider', () => {
  afterEach(() => vi.useRealTimers());

  it('[S10] the provider waits the jittered delay, not its fixed one', async () => {
    vi.useFakeTimers();
    const attempts: number[] = [];
    // A server that is down: every socket closes right after it is made.
    class RefusedSocket {
      binaryType = 'arraybuffer';
      onclose: ((event: { code: number; reason: string }) => void) | null = null;
      onopen: (() => void) | null = null;
      onmessage: (() => void) | null = null;
      onerror: (() => void) | null = null;
      constructor() {
        attempts.push(Date.now());
        setTimeout(() => this.onclose?.({ code: 1006, reason: '' }), 0);
      }
      close(): void {}
      send(): void {}
    }
    const doc = new Y.Doc();
    const provider = new WebsocketProvider('ws://casehub.invalid/sync', 'cases/1/team', doc, {
      WebSocketPolyfill: RefusedSocket as unknown as typeof WebSocket,
      disableBc: true,
      connect: false,
    });
    // Always the middle of the window: half of the ceiling.
    const detach = jitterReconnects(provider, () => 0.5);
    provider.connect();
    await vi.advanceTimersByTimeAsync(10_000);
    provider.destroy();
    detach();
    doc.destroy();
    const gaps = attempts.slice(1, 6).map((t, i) => t - (attempts[i] ?? 0));
    // y-websocket alone waits 200, 400, 800, 1600, 2500 ms; jittered at 0.5 it is half that,
    // plus the millisecond the refused socket takes to close.
    const expected = [100, 200, 400, 800, 1250];
    gaps.forEach((gap, i) => {
      expect(gap).toBeGreaterThanOrEqual(expected[i] ?? 0);
      expect(gap).toBeLessThanOrEqual((expected[i] ?? 0) + 2);
    });
  });
});
