import { and, gt, inArray, isNull } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../../storage/db.js';
import { apiTokens, sessions } from '../../storage/schema.js';
import type { Actor } from '../access/policy.js';
import { loadAccessFacts, mayRead, unreadBySubject } from './repo.js';
import { onNotified } from './service.js';

type Listener = { actor: Actor; last: number | null; send: (unread: number) => void; end: () => void };

/**
 * Unread counts for the open notification streams of this node.
 *
 * Why polling and not Redis: a notification is a committed row, written by
 * whichever node ran the work (a job, an ingested email). One query per node
 * every `pollMs`, for every person with a stream open here, reads their
 * unread counts from the database, so a row written on any node, a
 * "mark read" in another tab, or a Redis outage all end in the right count
 * with no second delivery path to keep consistent. Counts are taken per case
 * and side and only what the access policy lets each reader see now is summed
 * (issue 20.4), as GET /api/notifications does. notify() on this node
 * wakes the feed at once; other nodes' rows arrive within `pollMs`. The cost
 * is one indexed grouped count per node per interval, whatever the number of
 * streams (docs/SPEC.md N1). The same pass ends the streams of people who
 * signed out, were removed or whose token was revoked, on whichever node.
 */
export class NotificationFeed {
  private readonly listeners = new Set<Listener>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private again = false;
  private closed = false;
  private readonly unsubscribe: () => void;

  /** Open streams per person on this node, held from before the response starts until it ends. */
  private readonly held = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    private readonly pollMs = 2000,
    /** MAX_STREAMS_PER_USER: each stream costs a connection and a listener for as long as it is open. */
    private readonly maxStreamsPerUser = Number.POSITIVE_INFINITY,
  ) {
    this.unsubscribe = onNotified(db, () => this.wake());
  }

  /**
   * Takes one of the person's stream slots, before any byte of the answer is
   * sent (so a refusal can still be a 429): the release function, or null
   * when they already hold MAX_STREAMS_PER_USER here (issue 20.11).
   */
  holdStream(userId: string): (() => void) | null {
    const n = this.held.get(userId) ?? 0;
    if (n >= this.maxStreamsPerUser) return null;
    this.held.set(userId, n + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.held.get(userId) ?? 1) - 1;
      if (left > 0) this.held.set(userId, left);
      else this.held.delete(userId);
    };
  }

  /** Calls `send` with the person's unread count now, and again whenever it changes; `end` when the node shuts down. */
  subscribe(actor: Actor, send: (unread: number) => void, end: () => void): () => void {
    const listener: Listener = { actor, last: null, send, end };
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
    const listeners = [...this.listeners];
    const users = [...new Set(listeners.map((l) => l.actor.userId))];
    const sessionIds = [...new Set(listeners.flatMap((l) => (l.actor.via.kind === 'session' ? [l.actor.via.idHash] : [])))];
    const tokenIds = [...new Set(listeners.flatMap((l) => (l.actor.via.kind === 'token' ? [l.actor.via.tokenId] : [])))];
    const counts = new Map<string, number>();
    const now = new Date();
    const liveSessions = new Set<string>();
    const liveTokens = new Set<string>();
    // Counted per subject, and only what the policy lets each reader see still (issue 20.4).
    const pending = await unreadBySubject(this.db, users);
    const facts = await loadAccessFacts(
      this.db,
      users,
      pending.flatMap((r) => (r.caseId ? [r.caseId] : [])),
    );
    for (const r of pending) {
      if (!mayRead(facts, r, r)) continue;
      const key = `${r.workspaceId} ${r.userId}`;
      counts.set(key, (counts.get(key) ?? 0) + r.n);
    }
    for (let i = 0; i < sessionIds.length; i += 500) {
      const rows = await this.db
        .select({ id: sessions.idHash })
        .from(sessions)
        .where(and(inArray(sessions.idHash, sessionIds.slice(i, i + 500)), gt(sessions.expiresAt, now)));
      for (const r of rows) liveSessions.add(r.id);
    }
    for (let i = 0; i < tokenIds.length; i += 500) {
      const rows = await this.db
        .select({ id: apiTokens.id })
        .from(apiTokens)
        .where(and(inArray(apiTokens.id, tokenIds.slice(i, i + 500)), isNull(apiTokens.revokedAt)));
      for (const r of rows) liveTokens.add(r.id);
    }
    for (const l of listeners) {
      const key = `${l.actor.workspaceId} ${l.actor.userId}`;
      const via = l.actor.via;
      // Signed out, removed from the workspace or token revoked (on any node): the stream ends.
      if (!facts.roles.has(key) || (via.kind === 'session' ? !liveSessions.has(via.idHash) : !liveTokens.has(via.tokenId))) {
        this.listeners.delete(l);
        l.end();
        continue;
      }
      const unread = counts.get(key) ?? 0;
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
