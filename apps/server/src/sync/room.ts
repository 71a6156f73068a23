import type { DocSide } from '@casehub/case-document';
import { migrate } from '@casehub/case-document';
import { closeCodes } from '@casehub/contract';
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { Actor } from '../modules/access/policy.js';
import type { Db } from '../storage/db.js';
import { AwarenessFanout } from './awareness-fanout.js';
import { FullStateCache } from './full-state.js';
import type { BusMessage } from './bus.js';
import { DocSizeLimit } from './doc-size.js';
import { appendUpdates, readDoc, type LogWriter } from './persistence.js';
import {
  BadFrame,
  decodeClientMessage,
  encodeAwareness,
  encodeAwarenessMessage,
  encodePermissionDenied,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  inspectUpdate,
} from './protocol.js';
import { dropTooDeep, maxNesting, UnappliedDepths, updateNesting, type Spans } from './nesting.js';
import { PresenceGuard, type PresenceIdentity } from './presence.js';
import { addsNothing } from './redundant.js';

/** One open socket on one document. */
export type Conn = {
  id: number;
  ws: WebSocket;
  actor: Actor;
  /** [S14] How this socket appears in presence: set from the account, whatever the client announces. */
  identity: PresenceIdentity;
  caseId: string;
  side: DocSide;
  canWrite: boolean;
  /** Awareness client ids this socket has announced, removed when it closes. */
  awarenessIds: Set<number>;
  alive: boolean;
  deniedWrites: number;
  /** [S8] The client asked (`?ack=1`) to be told what of its writing is durable. */
  wantsAcks: boolean;
  /** An update of this socket was refused for MAX_DOC_BYTES; later ones are dropped. */
  tooLarge?: boolean;
  ackTimer?: NodeJS.Timeout | undefined;
};

export type Origin = Conn | 'server';

/** Rows that must commit in the same transaction as the update (an email and its stream entry). */
export type AlsoWrite = (tx: Db) => Promise<void>;

type Pending = {
  update: Uint8Array;
  origin: Origin;
  alsoWrite: AlsoWrite | undefined;
  /** [S15] A client update's items and their depth; `uncertain`: built on items the room did not have. */
  nesting?: { spans: Spans; uncertain: boolean } | undefined;
  resolve: () => void;
  reject: (err: unknown) => void;
};

/** How long after a writer's last committed change the durable state vector is sent to it. */
const ackDelayMs = 200;

/** [S2] A document's batches being committed at once; more wait and go together. */
const maxWritesInFlight = 2;

export type RoomLimits = {
  /** [S12] A socket whose unsent data passes this is too slow to keep up; it is closed and resyncs later. */
  maxBufferedBytes: number;
  /** [S12] A client update that would grow the document past this (encoded size, in bytes) is refused. */
  maxDocBytes: number;
};

export type RoomHooks = {
  /** After a batch is committed and applied; `updates` are what the batch stored. */
  afterCommit(room: Room, updates: Uint8Array[]): void;
  /** A local socket changed its awareness (to tell other nodes). */
  localAwareness(room: Room, update: Uint8Array): void;
  /** A socket misbehaved or the database failed under it; close it. */
  closeConn(conn: Conn, code: number, reason: string): void;
};

/**
 * A loaded document and the sockets on it.
 *
 * [S1] Every change, from a client or from the server itself, goes through
 * `submit`: it is appended to the log, and only once that commit returns is it
 * applied to the in-memory document, whose update event broadcasts it. So the
 * in-memory state, and everything any other client was ever sent, is durable.
 * [S2] Updates that arrive while a commit is running wait and go together in
 * the next one (group commit), which the node's LogWriter shares with the
 * other documents' batches.
 */
export class Room {
  readonly doc = new Y.Doc({ gc: true });
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly conns = new Set<Conn>();
  /** Connections plus in-flight server changes; the room unloads when it reaches 0. */
  holds = 0;
  unloadTimer: NodeJS.Timeout | undefined;
  /** Log entries written since this room last triggered compaction (approximate). */
  logEntries = 0;
  compacting: Promise<unknown> | undefined;

  private pending: Pending[] = [];
  /** Batches being committed, with their updates (not in the document yet). */
  private readonly writing = new Map<Promise<void>, Uint8Array[]>();
  /** What a joiner with nothing gets, encoded once for all of them (full-state.ts). */
  private readonly fullState = new FullStateCache(this.doc);
  private readonly size: DocSizeLimit;
  private readonly fanout: AwarenessFanout;
  private readonly presence: PresenceGuard;
  /** [S15] Depths of client updates checked but not yet applied. */
  private readonly unapplied = new UnappliedDepths();
  /** [S15] Sockets whose updates were built on items the room lacked, until the document is whole again. */
  private readonly suspects = new Set<Conn>();

  private constructor(
    readonly name: string,
    private readonly db: Db,
    private readonly writer: LogWriter,
    private readonly log: Logger,
    private readonly hooks: RoomHooks,
    private readonly limits: RoomLimits,
  ) {
    this.size = new DocSizeLimit(this.doc, limits.maxDocBytes);
    this.awareness.setLocalState(null);
    this.presence = new PresenceGuard(this.awareness, (bytes) => log.warn({ doc: name, bytes }, 'presence of this document is full; new states are left out'));
    this.fanout = new AwarenessFanout(this.awareness, log, ({ sockets, nodes }) => {
      if (sockets) {
        const message = encodeAwarenessMessage(sockets);
        for (const conn of this.conns) this.send(conn, message);
      }
      if (nodes) this.hooks.localAwareness(this, nodes);
    });
    this.awareness.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
      if (isConn(origin) && this.conns.has(origin)) {
        for (const id of added) origin.awarenessIds.add(id);
        for (const id of removed) origin.awarenessIds.delete(id);
      }
      const changed = [...added, ...updated, ...removed];
      if (changed.length === 0) return;
      // A socket's own change, or its states removed when it closed: other nodes must hear of it.
      this.fanout.add(changed, isConn(origin));
    });
  }

  /**
   * `beforeRead` runs before the database is read (to subscribe to other
   * nodes first: anything they publish later arrives, anything earlier is
   * already in the database, and Yjs applies both in any order).
   */
  static async load(
    name: string,
    deps: { db: Db; writer: LogWriter; log: Logger; hooks: RoomHooks; limits: RoomLimits },
    beforeRead?: (room: Room) => Promise<void>,
  ): Promise<Room> {
    const { db, log } = deps;
    const room = new Room(name, db, deps.writer, log, deps.hooks, deps.limits);
    await beforeRead?.(room);
    const stored = await readDoc(db, name);
    const parts = stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates;
    for (const part of parts) {
      try {
        Y.applyUpdate(room.doc, part, 'load');
      } catch (err) {
        log.error({ err, doc: name }, 'skipped an unreadable stored update');
      }
    }
    room.logEntries = stored.updates.length;
    // A document made by an older schema, or by a third-party client, is
    // brought up to date before anyone sees it, through the log like any change.
    const migration: Uint8Array[] = [];
    const capture = (update: Uint8Array) => migration.push(update);
    room.doc.on('update', capture);
    migrate(room.doc);
    // [S15] Nesting stored before the limit existed is dropped, or the document would stay unusable.
    const dropped = dropTooDeep(room.doc, 'repair');
    room.doc.off('update', capture);
    if (dropped > 0) log.error({ doc: name, dropped, maxNesting }, 'dropped content nested past the limit');
    if (migration.length > 0) await deps.writer.append(name, migration);
    // Only now: with an update listener, Yjs encodes every transaction's update for it, the whole loaded document included.
    room.fullState.drop();
    room.doc.on('update', room.broadcast);
    room.size.reset(room.fullState.stateBytes());
    return room;
  }

  /** Every change of the loaded document goes to the sockets but the one it came from. */
  private readonly broadcast = (update: Uint8Array, origin: unknown): void => {
    this.fullState.drop();
    if (this.conns.size === 0) return;
    const message = encodeUpdate(update);
    for (const conn of this.conns) if (conn !== origin) this.send(conn, message);
  };

  /**
   * [S12] Drops from a batch the client updates that would take the document
   * past MAX_DOC_BYTES. Runs just before the batch is written; what is
   * still being committed counts as if it were in the document.
   */
  private withinSizeLimit(batch: Pending[]): Pending[] {
    const kept: Pending[] = [];
    for (const p of batch) {
      if (!isConn(p.origin)) {
        // The server's own changes are never refused.
        this.size.grow(p.update.byteLength);
        kept.push(p);
        continue;
      }
      if (!p.origin.tooLarge) {
        const verdict = this.size.admit(p.update, () => [...[...this.writing.values()].flat(), ...kept.map((k) => k.update)]);
        if (verdict.ok) {
          kept.push(p);
          continue;
        }
        this.log.warn(
          { doc: this.name, userId: p.origin.actor.userId, bytes: p.update.byteLength, size: verdict.size, limit: this.size.maxBytes },
          'update refused: the document would pass MAX_DOC_BYTES',
        );
        // Later updates of this socket may build on the refused one: drop them too.
        p.origin.tooLarge = true;
        this.hooks.closeConn(p.origin, closeCodes.documentTooLarge, 'document too large');
      }
      p.reject(new Error('document too large'));
    }
    return kept;
  }

  /** Commits an update, then applies and broadcasts it. Resolves once durable. */
  submit(update: Uint8Array, origin: Origin, alsoWrite?: AlsoWrite, nesting?: Pending['nesting']): Promise<void> {
    const committed = new Promise<void>((resolve, reject) => {
      this.pending.push({ update, origin, alsoWrite, nesting, resolve, reject });
      this.pump();
    });
    if (!nesting) return committed;
    this.unapplied.add(nesting.spans);
    return committed.finally(() => this.unapplied.delete(nesting.spans));
  }

  /** Resolves when every update submitted so far is committed (or failed). */
  async flushed(): Promise<void> {
    while (this.writing.size > 0) await Promise.allSettled([...this.writing.keys()]);
  }

  /**
   * [S2] Starts a write of everything pending, unless `maxWritesInFlight` of
   * this document's batches are already being committed; then what arrives
   * meanwhile waits and goes together once one of them is done. Batches are
   * applied as each commit returns, in whatever order: Yjs updates commute,
   * and one that builds on an update still in flight waits inside Y.Doc
   * until that one is applied too.
   */
  private pump(): void {
    while (this.pending.length > 0 && this.writing.size < maxWritesInFlight) {
      const batch = this.withinSizeLimit(this.pending.splice(0));
      if (batch.length === 0) continue;
      const updates = batch.map((p) => p.update);
      const write: Promise<void> = this.write(batch, updates).finally(() => {
        this.writing.delete(write);
        this.pump();
      });
      this.writing.set(write, updates);
    }
  }

  private async write(batch: Pending[], updates: Uint8Array[]): Promise<void> {
    const extras = batch.flatMap((p) => (p.alsoWrite ? [p.alsoWrite] : []));
    try {
      if (extras.length === 0) await this.writer.append(this.name, updates);
      else
        await this.db.transaction(async (tx) => {
          await appendUpdates(tx, this.name, updates);
          for (const write of extras) await write(tx);
        });
    } catch (err) {
      this.log.error({ err, doc: this.name, updates: batch.length }, 'could not store updates');
      for (const p of batch) {
        p.reject(err);
        // The client still holds its change; closing makes it resend on reconnect.
        if (isConn(p.origin)) this.hooks.closeConn(p.origin, closeCodes.storageUnavailable, 'storage unavailable');
      }
      return;
    }
    this.logEntries += batch.length;
    // Items waiting for a missing dependency may be completed by this batch: their depth was not known.
    const recheck = this.doc.store.pendingStructs !== null || batch.some((p) => p.nesting?.uncertain);
    for (const p of batch) if (isConn(p.origin) && p.nesting?.uncertain) this.suspects.add(p.origin);
    for (const p of batch) {
      try {
        Y.applyUpdate(this.doc, p.update, p.origin);
      } catch (err) {
        this.log.error({ err, doc: this.name }, 'a stored update could not be applied');
      }
      p.resolve();
    }
    for (const p of batch) if (isConn(p.origin) && p.origin.wantsAcks) this.scheduleAck(p.origin);
    this.hooks.afterCommit(this, updates);
    if (recheck) this.repairNesting(batch);
  }

  /**
   * [S15] An update built on items the room had not seen was checked with
   * those items' depth unknown; once applied, the document is checked as a
   * whole. What passes the limit is deleted, and the deletion is stored like
   * the load-time repair: applied (and so broadcast) first, then appended.
   * A crash in between only repeats the repair at the next load.
   */
  private repairNesting(batch: Pending[]): void {
    const repair: Uint8Array[] = [];
    const capture = (update: Uint8Array) => repair.push(update);
    this.doc.on('update', capture);
    const dropped = dropTooDeep(this.doc, 'server');
    this.doc.off('update', capture);
    if (dropped > 0) {
      this.log.error({ doc: this.name, dropped, maxNesting }, 'dropped content nested past the limit');
      // Whoever sent the parts: the writers of updates built on the unknown, and of the batch that completed them.
      const senders = new Set(this.suspects);
      for (const p of batch) if (isConn(p.origin)) senders.add(p.origin);
      for (const conn of senders) this.hooks.closeConn(conn, closeCodes.badFrame, 'nested too deep');
    }
    if (this.doc.store.pendingStructs === null) this.suspects.clear();
    if (dropped === 0) return;
    this.writer.append(this.name, repair).catch((err: unknown) => this.log.error({ err, doc: this.name }, 'could not store a nesting repair'));
  }

  /**
   * [S8] Tells a writer that asked for it (`?ack=1`, as the web client does)
   * what is now durable: a sync step 1 carries the server's state vector; ours
   * compares it with its own to show unsaved changes. Any y-websocket client
   * answers it (with an empty step 2), so a client that did not ask is spared
   * two messages per pause. Sent once the writer pauses, not per keystroke.
   */
  private scheduleAck(conn: Conn): void {
    if (conn.ackTimer) clearTimeout(conn.ackTimer);
    conn.ackTimer = setTimeout(() => {
      conn.ackTimer = undefined;
      if (this.conns.has(conn)) this.send(conn, encodeSyncStep1(this.doc));
    }, ackDelayMs);
  }

  /** Per-node sequence numbers of what other nodes told us about this document. */
  private readonly remoteSeq = new Map<string, number>();
  /** Our own sequence number for what we tell other nodes, per loaded instance (`epoch`). */
  publishSeq = 0;
  /** Tells other nodes this is a new load: its sequence numbers start again from 1. */
  readonly epoch = Math.random().toString(36).slice(2, 10);
  private resyncing: Promise<void> | undefined;
  private resyncAgain = false;

  /**
   * Applies what another node published. Their updates are already
   * committed there, so they are applied, not stored. A gap in a node's
   * sequence numbers means a message was lost: read the database.
   */
  readonly applyRemote = (message: BusMessage): void => {
    const last = this.remoteSeq.get(message.node);
    this.remoteSeq.set(message.node, Math.max(last ?? 0, message.seq));
    // On first hearing from a node's copy of this document we cannot know what
    // it published before (and may have been lost), so we read once.
    const missed = last === undefined ? message.seq > 1 || message.kind === 'heartbeat' : message.seq > last + (message.kind === 'heartbeat' ? 0 : 1);
    if (message.kind === 'update') {
      this.size.grow(message.data.byteLength);
      try {
        Y.applyUpdate(this.doc, message.data, 'remote');
      } catch (err) {
        this.log.warn({ err, doc: this.name }, 'unreadable update from another node; resyncing');
        void this.resync();
      }
    } else if (message.kind === 'awareness') {
      try {
        awarenessProtocol.applyAwarenessUpdate(this.awareness, message.data, 'remote');
      } catch {
        // Presence only; the next update of that client repairs it.
      }
    }
    if (missed) void this.resync();
  };

  /** Reads everything stored and applies it (idempotent); local sockets get whatever was missing. */
  resync(): Promise<void> {
    if (this.resyncing) {
      this.resyncAgain = true;
      return this.resyncing;
    }
    this.resyncing = (async () => {
      do {
        this.resyncAgain = false;
        const stored = await readDoc(this.db, this.name);
        for (const part of stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates) {
          try {
            Y.applyUpdate(this.doc, part, 'resync');
          } catch {
            // Unreadable stored entries were refused on the way in.
          }
        }
      } while (this.resyncAgain);
      this.size.reset(this.fullState.stateBytes());
    })()
      .catch((err: unknown) => this.log.error({ err, doc: this.name }, 'resync failed'))
      .finally(() => {
        this.resyncing = undefined;
      });
    return this.resyncing;
  }

  addConn(conn: Conn): void {
    this.conns.add(conn);
    this.send(conn, encodeSyncStep1(this.doc));
    this.sendPresence(conn);
  }

  /** Every state of the document, to one socket. */
  private sendPresence(conn: Conn): void {
    const states = [...this.awareness.getStates().keys()];
    if (states.length === 0) return;
    try {
      this.send(conn, encodeAwareness(this.awareness, states));
    } catch (err) {
      // [S14] States are checked at the door; should one still not encode, presence waits, the process does not die.
      this.log.error({ err, doc: this.name }, 'could not encode presence');
    }
  }

  removeConn(conn: Conn): void {
    if (conn.ackTimer) clearTimeout(conn.ackTimer);
    this.suspects.delete(conn);
    if (!this.conns.delete(conn)) return;
    if (conn.awarenessIds.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...conn.awarenessIds], conn);
    }
  }

  /** Handles one frame from a client. Throws BadFrame on anything malformed. */
  receive(conn: Conn, frame: Uint8Array): void {
    const message = decodeClientMessage(frame);
    switch (message.type) {
      case 'syncStep1': {
        if (isEmptyStateVector(message.stateVector)) {
          this.send(conn, this.fullState.message());
          return;
        }
        let diff: Uint8Array;
        try {
          diff = Y.encodeStateAsUpdate(this.doc, message.stateVector);
        } catch {
          throw new BadFrame('malformed state vector');
        }
        this.send(conn, encodeSyncStep2(diff));
        return;
      }
      case 'update': {
        const { empty, decoded } = inspectUpdate(message.update);
        if (empty) return;
        // Already in the document (an answer to our own step 1): nothing to store.
        if (addsNothing(this.doc, decoded)) return;
        if (!conn.canWrite) {
          // [S5] Refused by the server, whatever the client's UI allowed.
          if (conn.deniedWrites++ === 0) this.send(conn, encodePermissionDenied('read-only access'));
          return;
        }
        if (conn.tooLarge) return;
        const nesting = updateNesting(decoded, this.doc, this.unapplied);
        if (nesting.depth > maxNesting) throw new BadFrame(`content nested ${nesting.depth} deep (the limit is ${maxNesting})`);
        this.submit(message.update, conn, undefined, nesting).catch(() => {
          // Already logged, and the socket closed, by flush().
        });
        return;
      }
      case 'awareness': {
        // [S14] Only a checked copy, stamped with the socket's identity, reaches the shared Awareness.
        const checked = this.presence.admit(message.update, conn.identity, conn.awarenessIds);
        awarenessProtocol.applyAwarenessUpdate(this.awareness, checked, conn);
        return;
      }
      case 'queryAwareness':
        this.sendPresence(conn);
        return;
      case 'auth':
        return;
    }
  }

  send(conn: Conn, message: Uint8Array): void {
    if (conn.ws.readyState !== conn.ws.OPEN) return;
    if (conn.ws.bufferedAmount > this.limits.maxBufferedBytes) {
      this.log.warn(
        { doc: this.name, userId: conn.actor.userId, buffered: conn.ws.bufferedAmount, limit: this.limits.maxBufferedBytes },
        'socket too slow to keep up; closing it',
      );
      this.hooks.closeConn(conn, closeCodes.tooSlow, 'too slow to keep up');
      return;
    }
    conn.ws.send(message, (err) => {
      if (err) this.hooks.closeConn(conn, 1011, 'send failed');
    });
  }

  destroy(): void {
    this.fullState.drop();
    this.fanout.destroy();
    this.awareness.destroy();
    this.doc.destroy();
  }
}

/** A state vector with no entries (varUint 0): the client has nothing yet. */
function isEmptyStateVector(stateVector: Uint8Array): boolean {
  return stateVector.length === 1 && stateVector[0] === 0;
}

/** Whether a transaction came from a client socket on this node (not the server, a load or another node). */
export function isConn(origin: unknown): origin is Conn {
  return typeof origin === 'object' && origin !== null && 'ws' in origin && 'awarenessIds' in origin;
}
