import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { Db } from './storage/db.js';
import type { RoomManager } from './sync/rooms.js';
import type { RateLimitStore } from './lib/rate-limits.js';

/** Everything a service needs, built once in server.ts and passed down. */
export type Deps = {
  db: Db;
  config: Config;
  log: Logger;
  rooms: RoomManager;
  /** Where rate limits are counted across nodes (Redis with REDIS_URL). */
  limits: RateLimitStore;
};
