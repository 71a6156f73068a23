import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Actor } from '../modules/access/policy.js';
import type { Db } from '../storage/db.js';
import type { RoomManager } from '../sync/rooms.js';

export type AppEnv = {
  Variables: {
    actor: Actor | null;
    requestId: string;
    log: Logger;
  };
};

/** Everything a service needs, built once in main.ts and passed down. */
export type Deps = {
  db: Db;
  config: Config;
  log: Logger;
  rooms: RoomManager;
};
