import type * as Argon2 from '@node-rs/argon2';
import { lazy } from '../../lib/lazy.js';

const argon2 = lazy<typeof Argon2>('@node-rs/argon2');

/**
 * Argon2id with OWASP's first recommended profile (19 MiB, 2 passes, 1 lane):
 * memory-hard, and cheap enough that sign-ins stay well under 100 ms here.
 */
const options = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string): Promise<string> => argon2().hash(password, options);

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await argon2().verify(stored, password);
  } catch {
    return false;
  }
}

/** Verified against when the email is unknown, so timing does not reveal which emails exist. */
let decoy: Promise<string> | undefined;
export const decoyHash = (): Promise<string> => (decoy ??= hashPassword('decoy password, never valid'));
