import type { Logger } from 'pino';
import type { Actor } from '../modules/access/policy.js';

export type AppEnv = {
  Variables: {
    actor: Actor | null;
    requestId: string;
    log: Logger;
  };
};
