import type { Cluster, Redis, RedisOptions } from 'ioredis';

/** Where the nodes meet: one Redis server, or any node of a Redis Cluster (REDIS_CLUSTER). */
export type RedisTarget = { url: string; cluster: boolean };

/**
 * A client for a Redis server, or for a Redis Cluster, found from the one node
 * REDIS_URL names. On a cluster, sharded pub/sub (SSUBSCRIBE, SPUBLISH) goes to
 * the master that owns each channel's slot, through one subscriber connection
 * per master. ioredis loads here, on first use: a single node never holds it.
 */
export async function redisClient(target: RedisTarget, options: RedisOptions): Promise<Redis | Cluster> {
  const { Redis: Single, Cluster: Many } = await import('ioredis');
  if (!target.cluster) return new Single(target.url, options);
  const url = new URL(target.url);
  const { enableOfflineQueue, lazyConnect, ...perNode } = options;
  return new Many([{ host: url.hostname, port: Number(url.port || 6379) }], {
    shardedSubscribers: true,
    ...(enableOfflineQueue === undefined ? {} : { enableOfflineQueue }),
    ...(lazyConnect === undefined ? {} : { lazyConnect }),
    redisOptions: {
      ...perNode,
      ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
      ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
      ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
    },
  });
}
