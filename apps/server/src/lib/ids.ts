import { createHash, randomBytes } from 'node:crypto';

/** 96 random bits, URL-safe: ids nobody can guess or enumerate. */
export const newId = (): string => randomBytes(12).toString('base64url');

/** 256 random bits for session cookies, API tokens and invite tokens. */
export const newSecret = (prefix = ''): string => prefix + randomBytes(32).toString('base64url');

/** Secrets are stored only as their SHA-256, so a copy of the database opens nothing. */
export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('base64url');
