import type { Actor } from '../access/policy.js';

/** What the rules need to know of a saved view. */
export type ViewSubject = { workspaceId: string; createdBy: string | null; shared: boolean };

/** `view.use`: see it in the list and open it; `view.change`: rename, change what it shows, share or unshare, delete. */
export type ViewAction = 'view.use' | 'view.change';

/**
 * [A15.1] Who may do what to a saved view. Guests none. A personal view is
 * its creator's alone (nobody else, an owner included, learns it exists); a
 * shared view is used by every member, and changed by its creator or an
 * owner or admin.
 */
export function canOnView(actor: Pick<Actor, 'userId' | 'workspaceId' | 'role'>, action: ViewAction, view: ViewSubject): boolean {
  if (actor.role === 'guest' || actor.workspaceId !== view.workspaceId) return false;
  const mine = view.createdBy !== null && view.createdBy === actor.userId;
  if (!mine && !view.shared) return false;
  if (action === 'view.use') return true;
  return mine || actor.role === 'owner' || actor.role === 'admin';
}
