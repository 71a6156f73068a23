import type { Logger } from 'pino';
import { redisClient, type RedisTarget } from './redis.js';

/** One limit's count shared by every node (issue 14.5): how long to wait (0: counted, go on), give one back, forget a key. */
export type SharedCounter = {
  consume(key: string): Promise<number>;
  refund(key: string): Promise<void>;
  reset(key: string): Promise<void>;
};

/** Where limits are counted across nodes: Redis when REDIS_URL is set; nowhere (each node counts its own) otherwise. */
export type RateLimitStore = {
  counter(name: string, limit: number, windowMs: number): SharedCounter | null;
  close(): Promise<void>;
};

export const nodeLocalLimits: RateLimitStore = { counter: () => null, close: async () => {} };

/**
 * Counters in Redis through rate-limiter-flexible (fixed windows, atomic
 * in Redis). Redis down: the node's own limits still hold and the shared
 * count is skipped with a warning, so a Redis outage never locks anyone out.
 */
export async function redisLimits(target: RedisTarget, log: Logger): Promise<RateLimitStore> {
  const { RateLimiterRedis, RateLimiterRes } = await import('rate-limiter-flexible');
  const client = await redisClient(target, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  client.on('error', (err: Error) => log.warn({ err: err.message }, 'redis error (rate limits)'));
  return {
    counter(name, limit, windowMs) {
      const limiter = new RateLimiterRedis({ storeClient: client, keyPrefix: `casehub:limit:${name}`, points: limit, duration: Math.ceil(windowMs / 1000) });
      const failed = (err: unknown): number => {
        if (err instanceof RateLimiterRes) return Math.max(1, err.msBeforeNext);
        log.warn({ err, limit: name }, 'shared rate limit not counted');
        return 0;
      };
      const quietly = (p: Promise<unknown>): Promise<void> =>
        p.then(
          () => undefined,
          (err: unknown) => log.warn({ err, limit: name }, 'shared rate limit not updated'),
        );
      return {
        consume: (key) => limiter.consume(key).then(() => 0, failed),
        refund: (key) => quietly(limiter.reward(key, 1)),
        reset: (key) => quietly(limiter.delete(key)),
      };
    },
    close: async () => {
      client.disconnect();
    },
  };
}
