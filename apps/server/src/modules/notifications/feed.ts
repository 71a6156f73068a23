import { and, count, inArray, isNull } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../../storage/db.js';
import { notifications } from '../../storage/schema.js';
import { onNotified } from './service.js';

type Listener = { workspaceId: string; userId: string; last: number | null; send: (unread: number) => void; end: () => void };

/**
 * Unread counts for the open notification streams of this node.
 *
 * Why polling and not Redis: a notification is a committed row, written by
 * whichever node ran the work (a job, an ingested email). One query per node
 * every `pollMs`, for every person with a stream open here, reads their
 * unread counts from the database, so a row written on any node, a
 * "mark read" in another tab, or a Redis outage all end in the right count
 * with no second delivery path to keep consistent. notify() on this node
 * wakes the feed at once; other nodes' rows arrive within `pollMs`. The cost
 * is one indexed grouped count per node per interval, whatever the number of
 * streams (docs/SPEC.md N1).
 */
export class NotificationFeed {
  private readonly listeners = new Set<Listener>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private again = false;
  private closed = false;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    private readonly pollMs = 2000,
  ) {
    this.unsubscribe = onNotified(db, () => this.wake());
  }

  /** Calls `send` with the person's unread count now, and again whenever it changes; `end` when the node shuts down. */
  subscribe(workspaceId: string, userId: string, send: (unread: number) => void, end: () => void): () => void {
    const listener: Listener = { workspaceId, userId, last: null, send, end };
    this.listeners.add(listener);
    this.wake();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.timer) {
        clearTimeout(this.timer);
        this.timer = undefined;
      }
    };
  }

  /** Reads the counts soon (a notification was written or read on this node). */
  wake(): void {
    if (this.closed || this.listeners.size === 0) return;
    this.schedule(10);
  }

  close(): void {
    this.closed = true;
    this.unsubscribe();
    if (this.timer) clearTimeout(this.timer);
    for (const l of this.listeners) l.end();
    this.listeners.clear();
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.poll(), ms);
    this.timer.unref();
  }

  private async poll(): Promise<void> {
    this.timer = undefined;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.read()
      .catch((err: unknown) => this.log.warn({ err }, 'notification feed poll failed'))
      .finally(() => {
        this.running = null;
        if (this.closed || this.listeners.size === 0) return;
        if (this.again) {
          this.again = false;
          this.schedule(0);
        } else if (!this.timer) this.schedule(this.pollMs);
      });
    await this.running;
  }

  private async read(): Promise<void> {
    const users = [...new Set([...this.listeners].map((l) => l.userId))];
    const counts = new Map<string, number>();
    for (let i = 0; i < users.length; i += 500) {
      const rows = await this.db
        .select({ workspaceId: notifications.workspaceId, userId: notifications.userId, n: count() })
        .from(notifications)
        .where(and(inArray(notifications.userId, users.slice(i, i + 500)), isNull(notifications.readAt)))
        .groupBy(notifications.workspaceId, notifications.userId);
      for (const r of rows) counts.set(`${r.workspaceId} ${r.userId}`, Number(r.n));
    }
    for (const l of this.listeners) {
      const unread = counts.get(`${l.workspaceId} ${l.userId}`) ?? 0;
      if (unread === l.last) continue;
      l.last = unread;
      try {
        l.send(unread);
      } catch (err) {
        this.log.warn({ err }, 'notification stream write failed');
      }
    }
  }
}

