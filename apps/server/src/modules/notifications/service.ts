import { notFound } from '../../errors.js';
import { newId } from '../../lib/ids.js';
import type { Db } from '../../storage/db.js';
import type { Actor } from '../access/policy.js';
import { insertNotifications, listNotifications, loadAccessFacts, markAllNotificationsRead, markNotificationRead, mayRead, type About } from './repo.js';

export type NewNotification = {
  workspaceId: string;
  userIds: string[];
  kind: string;
  /** What it describes: a side of a case (what its text and link come from), or null for the workspace itself. */
  about: About;
  activityId?: string | null;
  text: string;
};

/**
 * Who hears that notifications changed on this node (the live feed). Keyed by
 * the database handle, so two servers in one process (tests) never hear each
 * other: across nodes, the feed's poll of the table is what carries the news.
 */
const changeListeners = new WeakMap<Db, Set<() => void>>();

export function onNotified(db: Db, listener: () => void): () => void {
  let set = changeListeners.get(db);
  if (!set) changeListeners.set(db, (set = new Set()));
  set.add(listener);
  return () => set.delete(listener);
}

function changed(db: Db): void {
  for (const listener of changeListeners.get(db) ?? []) listener();
}

/**
 * Adds one notification per recipient who may see what it describes, as the
 * access policy decides now (issue 20.4): a guest is never told of the team
 * document, nor anyone of a case they cannot open, nor a person outside the
 * workspace (say, named as an owner by a hostile client). Duplicates in
 * `userIds` are ignored. Returns who was told. Reading asks again
 * (`readableBy`), for access lost after this.
 */
export async function notify(db: Db, n: NewNotification): Promise<string[]> {
  const recipients = [...new Set(n.userIds)];
  if (recipients.length === 0) return [];
  const facts = await loadAccessFacts(db, recipients, n.about ? [n.about.caseId] : []);
  const about = { caseId: n.about?.caseId ?? null, side: n.about?.side ?? null };
  const allowed = recipients.filter((userId) => mayRead(facts, { workspaceId: n.workspaceId, userId }, about));
  await insertNotifications(
    db,
    allowed.map((userId) => ({
      id: newId(),
      workspaceId: n.workspaceId,
      userId,
      kind: n.kind,
      caseId: about.caseId,
      side: about.side,
      activityId: n.activityId ?? null,
      text: n.text.slice(0, 500),
    })),
  );
  if (allowed.length > 0) changed(db);
  return allowed;
}

/** A person's own notifications, only those about what they may still see (issue 20.4). */
export function createNotificationsService(db: Db) {
  return {
    async list(actor: Actor) {
      const { rows, unread } = await listNotifications(db, actor);
      return {
        unread,
        notifications: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), readAt: r.readAt?.toISOString() ?? null })),
      };
    },

    async markRead(actor: Actor, id: string): Promise<void> {
      if (!(await markNotificationRead(db, actor, id, new Date()))) throw notFound('No such notification');
      changed(db);
    },

    async markAllRead(actor: Actor): Promise<void> {
      await markAllNotificationsRead(db, actor, new Date());
      changed(db);
    },
  };
}
export type NotificationsService = ReturnType<typeof createNotificationsService>;
