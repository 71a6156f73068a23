import type { Actor } from '../access/policy.js';

/** Connecting, listing and disconnecting mailboxes (DESIGN §10): owners and admins. Sending through one is a case's business (emails/send). */
export const canManageMailboxes = (actor: Pick<Actor, 'role'>): boolean => actor.role === 'owner' || actor.role === 'admin';
