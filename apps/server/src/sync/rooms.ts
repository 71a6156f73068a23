import type { Logger } from 'pino';
import * as Y from 'yjs';
import { closeCodes } from '@casehub/contract';
import type { Database, Db } from '../storage/db.js';
import type { DocBus } from './bus.js';
import { compactDoc, LogWriter } from './persistence.js';
import type { SyncExtension } from './extension.js';
import { SnapshotMerger } from './snapshot-merger.js';
import { inspectUpdate } from './protocol.js';
import { Room, type AlsoWrite, type Conn, type RoomLimits } from './room.js';

export type RoomManagerOptions = {
  db: Db;
  log: Logger;
  /** How nodes tell each other about changes (LocalBus: one node). */
  bus: DocBus;
  /** How long a document stays loaded after its last client leaves. */
  unloadGraceMs: number;
  /** Log entries after which the document is compacted in the background. */
  compactAfterUpdates: number;
  limits: RoomLimits;
  /** [S2] Where log entries are appended, and how many statements may be in flight there at once. */
  logStore: Database['log'];
};

/** How long after a document's last message a node repeats its sequence number. */
const heartbeatDelayMs = 1000;

/**
 * Loads documents on demand, one Room each, and unloads them after the last
 * client leaves (plus a grace period, so a reload does not reload from disk).
 */
export class RoomManager {
  private readonly rooms = new Map<string, Room>();
  private readonly loading = new Map<string, Promise<Room>>();
  private readonly extensions: SyncExtension[] = [];
  private readonly background = new Set<Promise<unknown>>();
  /** No new document loads (the very end of shutdown). */
  private closed = false;
  /** Shutdown began: no new sockets (sync/upgrade.ts refuses them); the server may still change documents. */
  shuttingDown = false;

  private readonly heartbeats = new Map<string, NodeJS.Timeout>();
  /** [S2] One group commit for the log entries of every document on this node. */
  readonly writer: LogWriter;
  private readonly merger = new SnapshotMerger();

  constructor(private readonly opts: RoomManagerOptions) {
    this.writer = new LogWriter(opts.logStore.query, opts.logStore.connections);
    // Whatever was published while the bus was away is lost: read the database.
    opts.bus.onReconnect(() => {
      for (const room of this.rooms.values()) void room.resync();
      // An access change announced meanwhile may be lost: check every socket.
      this.accessChanged('everyone');
    });
    opts.bus.onAccessChange((userIds) => this.accessChanged(userIds));
  }

  /** Tells other nodes, with this node's next sequence number for the document. */
  private publish(room: Room, message: { kind: 'update' | 'awareness'; data: Uint8Array }): void {
    if (!this.opts.bus.shared) return;
    const node = `${this.opts.bus.nodeId}.${room.epoch}`;
    void this.opts.bus.publish(room.name, { ...message, node, seq: ++room.publishSeq });
    // A heartbeat shortly after the last message lets receivers notice if that one was lost.
    const existing = this.heartbeats.get(room.name);
    if (existing) clearTimeout(existing);
    const timer = setTimeout(() => {
      this.heartbeats.delete(room.name);
      void this.opts.bus.publish(room.name, { kind: 'heartbeat', node, seq: room.publishSeq });
    }, heartbeatDelayMs);
    timer.unref();
    this.heartbeats.set(room.name, timer);
  }

  /**
   * An unloading room's pending heartbeat goes out now, while this node still
   * listens to the document: its sequence number is final, and Redis has
   * delivered a message before it answers the publish, so this node hears it
   * back too (a node's received count is its published count; see /metrics).
   */
  private async heartbeatNow(room: Room): Promise<void> {
    const timer = this.heartbeats.get(room.name);
    if (!timer) return;
    clearTimeout(timer);
    this.heartbeats.delete(room.name);
    await this.opts.bus.publish(room.name, { kind: 'heartbeat', node: `${this.opts.bus.nodeId}.${room.epoch}`, seq: room.publishSeq });
  }

  /** [S16] Adds an extension; hooks run in the order extensions were added. */
  use(extension: SyncExtension): void {
    this.extensions.push(extension);
  }

  /** Runs one hook of every extension that has it; a throw is logged and the next one runs. */
  private runHook(hook: 'onLoaded' | 'afterCommit', name: string, doc: Y.Doc): void {
    for (const extension of this.extensions) {
      try {
        extension[hook]?.(name, doc);
      } catch (err) {
        this.opts.log.error({ err, doc: name, extension: extension.name, hook }, 'sync extension hook failed');
      }
    }
  }

  /** [S16] Everything every extension still has pending, finished now. */
  async flushExtensions(): Promise<void> {
    for (const extension of this.extensions) {
      await extension.flush?.().catch((err: unknown) => this.opts.log.error({ err, extension: extension.name }, 'sync extension flush failed'));
    }
  }

  /** Loads (or finds) a document and holds it in memory until `release`. */
  async acquire(name: string): Promise<Room> {
    if (this.closed) throw new Error('shutting down');
    let room = this.rooms.get(name);
    if (!room) {
      let loading = this.loading.get(name);
      if (!loading) {
        loading = Room.load(
          name,
          {
            db: this.opts.db,
            writer: this.writer,
            log: this.opts.log,
            hooks: {
              afterCommit: (r, updates) => this.afterCommit(r, updates),
              localAwareness: (r, update) => this.publish(r, { kind: 'awareness', data: update }),
              closeConn: (conn, code, reason) => closeConn(conn, code, reason),
            },
            limits: this.opts.limits,
          },
          (r) => this.opts.bus.subscribe(name, r.applyRemote),
        )
          .then((loaded) => {
            this.runHook('onLoaded', name, loaded.doc);
            return loaded;
          })
          .finally(() => this.loading.delete(name));
        this.loading.set(name, loading);
      }
      room = await loading;
      this.rooms.set(name, room);
    }
    room.holds++;
    if (room.unloadTimer) {
      clearTimeout(room.unloadTimer);
      room.unloadTimer = undefined;
    }
    return room;
  }

  release(room: Room): void {
    room.holds--;
    if (room.holds > 0 || this.closed) return;
    room.unloadTimer = setTimeout(() => {
      // Nobody awaits a timer: a failed unload (Redis refusing the unsubscribe) is logged, not left to end the process.
      void this.track(this.unload(room).catch((err: unknown) => this.opts.log.error({ err, doc: room.name }, 'unload failed')));
    }, this.opts.unloadGraceMs);
    room.unloadTimer.unref();
  }

  /** How many documents are loaded (/metrics). */
  get loadedCount(): number {
    return this.rooms.size;
  }

  /** The loaded room of a document, if any (for tests and metrics). */
  peek(name: string): Room | undefined {
    return this.rooms.get(name);
  }

  /**
   * Makes a change on the server's behalf. It is computed on a copy, then
   * committed like any client's update; the promise resolves once durable.
   * `alsoWrite` rows commit in the same transaction as the update.
   */
  async change(name: string, fn: (doc: Y.Doc) => void, alsoWrite?: AlsoWrite): Promise<void> {
    // One server change of a document at a time: each is computed on a copy
    // that already holds the one before. Two computed from the same state
    // (the promise clock's "at risk" and a PATCH's "met") would both set the
    // same key concurrently, and Yjs would keep an arbitrary one.
    const previous = this.changing.get(name) ?? Promise.resolve();
    const mine = previous.then(() => this.changeNow(name, fn, alsoWrite));
    const tail = mine.catch(() => {});
    this.changing.set(name, tail);
    void tail.then(() => {
      if (this.changing.get(name) === tail) this.changing.delete(name);
    });
    return mine;
  }

  /** Server changes queued or running, per document (see `change`). */
  private readonly changing = new Map<string, Promise<void>>();

  private async changeNow(name: string, fn: (doc: Y.Doc) => void, alsoWrite?: AlsoWrite): Promise<void> {
    const room = await this.acquire(name);
    try {
      const scratch = new Y.Doc();
      Y.applyUpdate(scratch, Y.encodeStateAsUpdate(room.doc));
      const before = Y.encodeStateVector(scratch);
      fn(scratch);
      const update = Y.encodeStateAsUpdate(scratch, before);
      scratch.destroy();
      if (!inspectUpdate(update).empty) await room.submit(update, 'server', alsoWrite);
      else if (alsoWrite) await this.opts.db.transaction(alsoWrite);
    } finally {
      this.release(room);
    }
  }

  /**
   * Moves on whenever someone's access may have shrunk (a sign-out, a
   * removal, a role change). An admission that began before a change is
   * checked again before its socket opens, so a socket never opens on a
   * decision the change has made stale (sync/upgrade.ts).
   */
  accessEpoch = 0;

  /** Says that access may have shrunk; see `accessEpoch`. */
  private noteAccessChange(): void {
    this.accessEpoch++;
  }

  private readonly accessHandlers: Array<(who: string[] | 'everyone') => Promise<void>> = [];

  /**
   * [S9] After this node changed these people's access (and closed or
   * re-checked their sockets here): tells the other nodes, which check theirs.
   */
  announceAccessChange(userIds: string[]): void {
    this.noteAccessChange();
    if (this.opts.bus.shared) this.opts.bus.publishAccessChange(userIds);
  }

  /**
   * This node changed these people's access: their sockets here are checked
   * again (closed, or made read-only or writable) by the one function that
   * does that (sync/upgrade.ts), and other nodes are told to do the same.
   */
  async recheckAccess(userIds: string[]): Promise<void> {
    this.noteAccessChange();
    await Promise.all(this.accessHandlers.map((handler) => handler(userIds)));
    if (this.opts.bus.shared) this.opts.bus.publishAccessChange(userIds);
  }

  /** Runs when someone's access changed, here or on another node: re-check those people's sockets. */
  onAccessChange(handler: (who: string[] | 'everyone') => Promise<void>): void {
    this.accessHandlers.push(handler);
  }

  private accessChanged(who: string[] | 'everyone'): void {
    this.noteAccessChange();
    for (const handler of this.accessHandlers) void handler(who);
  }

  /** Closes every socket for which `match` is true (revocation, sign-out). */
  disconnectWhere(match: (conn: Conn) => boolean, reason: keyof typeof closeCodes): number {
    this.noteAccessChange();
    let closed = 0;
    for (const room of this.rooms.values()) {
      for (const conn of room.conns) {
        if (match(conn)) {
          closeConn(conn, closeCodes[reason], reason);
          closed++;
        }
      }
    }
    return closed;
  }

  /** Every open socket, for periodic checks. */
  *connections(): Iterable<Conn> {
    for (const room of this.rooms.values()) yield* room.conns;
  }

  /**
   * [S16] Drains pending writes, closes every socket, lets every extension
   * finish what it has pending (the mirror may still change documents),
   * runs the unload hooks, flushes the extensions again for those last
   * changes, and unloads every document.
   */
  async shutdown(): Promise<void> {
    this.shuttingDown = true;
    await Promise.all([...this.rooms.values()].map((room) => room.flushed()));
    for (const room of this.rooms.values()) {
      for (const conn of room.conns) closeConn(conn, closeCodes.goingAway, 'server shutting down');
    }
    await Promise.allSettled([...this.background]);
    await this.flushExtensions();
    this.closed = true;
    const rooms = [...this.rooms.values()];
    for (const room of rooms) if (room.unloadTimer) clearTimeout(room.unloadTimer);
    await Promise.all(rooms.map((room) => room.flushed()));
    for (const room of rooms) await this.runUnloading(room);
    await this.flushExtensions();
    for (const room of rooms) room.destroy();
    this.rooms.clear();
    await this.merger.close();
  }

  private afterCommit(room: Room, updates: Uint8Array[]): void {
    if (this.opts.bus.shared) this.publish(room, { kind: 'update', data: updates.length === 1 && updates[0] ? updates[0] : Y.mergeUpdates(updates) });
    this.runHook('afterCommit', room.name, room.doc);
    if (room.logEntries >= this.opts.compactAfterUpdates) this.compact(room);
  }

  /** [S4] Compaction runs beside sync, never in its path. */
  private compact(room: Room): void {
    if (room.compacting) return;
    room.logEntries = 0;
    room.compacting = this.track(
      compactDoc(this.opts.db, room.name, (parts) => this.merger.merge(parts))
        .then((n) => this.opts.log.debug({ doc: room.name, folded: n }, 'compacted'))
        .catch((err: unknown) => this.opts.log.error({ err, doc: room.name }, 'compaction failed'))
        .finally(() => {
          room.compacting = undefined;
        }),
    );
  }

  private async unload(room: Room): Promise<void> {
    if (room.holds > 0 || this.rooms.get(room.name) !== room) return;
    await room.flushed();
    if (room.holds > 0) return;
    this.rooms.delete(room.name);
    await this.heartbeatNow(room);
    await this.opts.bus.unsubscribe(room.name, room.applyRemote);
    if (room.logEntries > 0) this.compact(room);
    await this.runUnloading(room);
    await room.compacting;
    room.destroy();
  }

  private async runUnloading(room: Room): Promise<void> {
    for (const extension of this.extensions) {
      await extension
        .onUnloading?.(room.name, room.doc)
        .catch((err: unknown) => this.opts.log.error({ err, doc: room.name, extension: extension.name }, 'unload hook failed'));
    }
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.background.add(promise);
    void promise.finally(() => this.background.delete(promise));
    return promise;
  }
}

function closeConn(conn: Conn, code: number, reason: string): void {
  if (conn.ws.readyState === conn.ws.CLOSED || conn.ws.readyState === conn.ws.CLOSING) return;
  conn.ws.close(code, reason);
  // A peer that does not answer the close handshake is cut off.
  setTimeout(() => conn.ws.terminate(), 2000).unref();
}
