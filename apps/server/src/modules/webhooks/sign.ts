import { createHmac, randomBytes } from 'node:crypto';

const prefix = 'whsec_';

/** A new signing secret: `whsec_` and the base64 of 32 random bytes (Standard Webhooks). */
export const newWebhookSecret = (): string => prefix + randomBytes(32).toString('base64');

/**
 * The `webhook-signature` header of the Standard Webhooks specification:
 * `v1,` and the base64 HMAC-SHA256 of `${id}.${timestamp}.${body}`, keyed
 * with the bytes the secret's base64 part decodes to.
 */
export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.startsWith(prefix) ? secret.slice(prefix.length) : secret, 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}
