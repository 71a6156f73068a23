import { and, count, desc, eq, isNull } from 'drizzle-orm';
import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { notFound } from '../../http/errors.js';
import { requireActor } from '../../http/middleware.js';
import { newId } from '../../lib/ids.js';
import type { Db } from '../../storage/db.js';
import { notifications } from '../../storage/schema.js';

export type NewNotification = { workspaceId: string; userIds: string[]; kind: string; caseId?: string | null; activityId?: string | null; text: string };

/** Adds one notification per recipient (duplicates in `userIds` are ignored). */
export async function notify(db: Db, n: NewNotification): Promise<void> {
  const recipients = [...new Set(n.userIds)];
  if (recipients.length === 0) return;
  await db.insert(notifications).values(
    recipients.map((userId) => ({
      id: newId(),
      workspaceId: n.workspaceId,
      userId,
      kind: n.kind,
      caseId: n.caseId ?? null,
      activityId: n.activityId ?? null,
      text: n.text.slice(0, 500),
    })),
  );
}

export function notificationRoutes(db: Db) {
  const mine = (c: { get(key: 'actor'): AppEnv['Variables']['actor'] }) => {
    const actor = requireActor(c);
    return and(eq(notifications.userId, actor.userId), eq(notifications.workspaceId, actor.workspaceId));
  };
  return new Hono<AppEnv>()
    .get('/notifications', async (c) => {
      const where = mine(c);
      const [rows, [unread]] = await Promise.all([
        db.select().from(notifications).where(where).orderBy(desc(notifications.createdAt)).limit(100),
        db.select({ n: count() }).from(notifications).where(and(where, isNull(notifications.readAt))),
      ]);
      return c.json({
        unread: unread?.n ?? 0,
        notifications: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), readAt: r.readAt?.toISOString() ?? null })),
      });
    })
    .post('/notifications/:id/read', async (c) => {
      const done = await db
        .update(notifications)
        .set({ readAt: new Date() })
        .where(and(mine(c), eq(notifications.id, c.req.param('id'))))
        .returning({ id: notifications.id });
      if (done.length === 0) throw notFound('No such notification');
      return c.body(null, 204);
    })
    .post('/notifications/read-all', async (c) => {
      await db.update(notifications).set({ readAt: new Date() }).where(and(mine(c), isNull(notifications.readAt)));
      return c.body(null, 204);
    });
}

