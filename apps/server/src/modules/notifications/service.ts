import { and, count, desc, eq, isNull } from 'drizzle-orm';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { AppEnv } from '../../http/context.js';
import { AppError, notFound } from '../../errors.js';
import { requireActor } from '../../http/middleware.js';
import { newId } from '../../lib/ids.js';
import type { Db } from '../../storage/db.js';
import { notifications } from '../../storage/schema.js';
import type { NotificationFeed } from './feed.js';
import { insertNotifications, loadAccessFacts, mayRead, readableBy, type About } from './repo.js';

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

/** A stream ends after this long (the browser's EventSource reconnects), so no connection lives forever. */
const streamLifetimeMs = 5 * 60_000;
const keepAliveMs = 20_000;

export function notificationRoutes(db: Db, feed: NotificationFeed) {
  /** The actor's notifications that they may still see (issue 20.4). */
  const mine = (c: { get(key: 'actor'): AppEnv['Variables']['actor'] }) => readableBy(db, requireActor(c));
  return new Hono<AppEnv>()
    .get('/notifications', async (c) => {
      const where = await mine(c);
      const [rows, [unread]] = await Promise.all([
        db.select().from(notifications).where(where).orderBy(desc(notifications.createdAt)).limit(100),
        db.select({ n: count() }).from(notifications).where(and(where, isNull(notifications.readAt))),
      ]);
      return c.json({
        unread: unread?.n ?? 0,
        notifications: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), readAt: r.readAt?.toISOString() ?? null })),
      });
    })
    .get('/notifications/stream', (c) => {
      const actor = requireActor(c);
      const release = feed.holdStream(actor.userId);
      if (!release) throw new AppError('rate_limited', 'Too many notification streams open for you (MAX_STREAMS_PER_USER); close some tabs');
      c.header('cache-control', 'no-store');
      // Proxies (nginx) must pass events through as they come.
      c.header('x-accel-buffering', 'no');
      return streamSSE(c, async (stream) => {
        let done = false;
        let wakeUp: () => void = () => {};
        const finish = (): void => {
          done = true;
          wakeUp();
        };
        const unsubscribe = feed.subscribe(
          actor,
          (unread) => {
            stream.writeSSE({ event: 'unread', data: JSON.stringify({ unread }) }).catch(finish);
          },
          finish,
        );
        stream.onAbort(finish);
        const ends = Date.now() + streamLifetimeMs;
        try {
          await stream.writeSSE({ event: 'ready', data: '{}', retry: 2000 });
          while (!done && Date.now() < ends) {
            await new Promise<void>((resolve) => {
              wakeUp = resolve;
              setTimeout(resolve, Math.min(keepAliveMs, ends - Date.now())).unref();
            });
            if (!done) await stream.write(': keep-alive\n\n');
          }
        } finally {
          unsubscribe();
          release();
        }
      });
    })
    .post('/notifications/:id/read', async (c) => {
      const done = await db
        .update(notifications)
        .set({ readAt: new Date() })
        .where(and(await mine(c), eq(notifications.id, c.req.param('id'))))
        .returning({ id: notifications.id });
      if (done.length === 0) throw notFound('No such notification');
      changed(db);
      return c.body(null, 204);
    })
    .post('/notifications/read-all', async (c) => {
      await db.update(notifications).set({ readAt: new Date() }).where(and(await mine(c), isNull(notifications.readAt)));
      changed(db);
      return c.body(null, 204);
    });
}

