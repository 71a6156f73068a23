import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

const messageSync = 0;

/** One local transaction the server has not yet confirmed as stored. */
type Mark =
  /** It added content: stored once the server's state vector reaches `clock` for this client. */
  | { kind: 'clock'; clock: number }
  /** It only deleted (no clock to wait for): stored once the server's delete set covers the ranges. */
  | { kind: 'delete'; ranges: Array<{ client: number; clock: number; len: number }> };

/**
 * What the server has durably stored of this document, as far as this tab
 * can tell, and so how many changes are not saved yet.
 *
 * The count: one per local transaction (a keystroke, a paste, a field write,
 * an undo) made in this tab and not yet confirmed, plus one per earlier tab
 * whose edits came back from the browser's local copy and the server does
 * not have yet (their transaction boundaries are not known).
 *
 * Confirmation [S8]: the server applies a change to its in-memory document
 * only after committing it, and sends each writer a sync step 1 with its
 * state vector once the writer pauses; every state vector the server sends
 * is therefore durable. Anything the server relays (updates, step 2) is also
 * committed, so it is merged into what the server is known to have.
 * Deletions do not advance a clock; a delete-only change is confirmed when a
 * later change is (one socket, in order), or by asking for the server's
 * delete set (a step 1 of ours, answered by a step 2) after an acknowledgement.
 */
export class SaveTracker {
  private server: Map<number, number> | null = null;
  private marks: Mark[] = [];
  private restored = 0;
  /** When the newest unsaved change was made (to tell "saving" from "slow"). */
  private lastChangeAt: number | null = null;
  private readonly listeners = new Set<() => void>();
  private readonly original: WebsocketProvider['messageHandlers'][number] | undefined;

  constructor(
    private readonly doc: Y.Doc,
    private readonly provider: WebsocketProvider,
  ) {
    doc.on('afterTransaction', this.onTransaction);
    const original = provider.messageHandlers[messageSync];
    this.original = original;
    if (!original) return;
    provider.messageHandlers[messageSync] = (encoder, decoder, p, emitSynced, type) => {
      // Read the message on a copy; the original handler consumes the real decoder.
      const peek = decoding.clone(decoder);
      original(encoder, decoder, p, emitSynced, type);
      this.peek(peek);
    };
  }

  get pending(): number {
    return this.marks.length + this.restored;
  }

  /** Milliseconds since the newest unsaved change, or 0 when all is saved. */
  waitingFor(now = Date.now()): number {
    return this.lastChangeAt === null ? 0 : now - this.lastChangeAt;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  destroy(): void {
    this.doc.off('afterTransaction', this.onTransaction);
    if (this.original) this.provider.messageHandlers[messageSync] = this.original;
    this.listeners.clear();
  }

  private readonly onTransaction = (tr: Y.Transaction): void => {
    if (!tr.local) {
      // From the server: `peek` learns what it holds and recounts. From the local copy
      // (an earlier tab): recount what the server lacks.
      if (tr.origin !== this.provider) this.recount();
      return;
    }
    const me = this.doc.clientID;
    const before = tr.beforeState.get(me) ?? 0;
    const after = tr.afterState.get(me) ?? 0;
    if (after > before) this.marks.push({ kind: 'clock', clock: after });
    else if (tr.deleteSet.clients.size > 0) {
      const ranges = [...tr.deleteSet.clients].flatMap(([client, items]) => items.map((i) => ({ client, clock: i.clock, len: i.len })));
      this.marks.push({ kind: 'delete', ranges });
    } else return;
    this.lastChangeAt = Date.now();
    this.emit();
  };

  private peek(decoder: decoding.Decoder): void {
    try {
      const type = decoding.readVarUint(decoder);
      const payload = decoding.readVarUint8Array(decoder);
      if (type === syncProtocol.messageYjsSyncStep1) this.onServerStateVector(Y.decodeStateVector(payload));
      else {
        // A step 2 or an update relayed by the server: committed there, so held there, and
        // (Yjs integrates a client's structs only in clock order) so is all that came before
        // it from the same clients. Not Y.encodeStateVectorFromUpdate: that counts only
        // clients whose structs start at clock 0, so every relayed edit of someone else
        // looked like an unsaved one of this tab.
        this.onServerStateVector(Y.parseUpdateMeta(payload).to);
        if (type === syncProtocol.messageYjsSyncStep2) this.confirmDeletes(payload);
      }
    } catch {
      // Not ours to judge: the original handler has already dealt with the message.
    }
  }

  private onServerStateVector(sv: Map<number, number>): void {
    const server = (this.server ??= new Map());
    for (const [client, clock] of sv) if (clock > (server.get(client) ?? 0)) server.set(client, clock);
    const stored = server.get(this.doc.clientID) ?? 0;
    // Everything up to the last confirmed clock-mark is stored, delete-only marks before it included.
    let last = -1;
    this.marks.forEach((m, i) => {
      if (m.kind === 'clock' && m.clock <= stored) last = i;
    });
    if (last >= 0) this.marks.splice(0, last + 1);
    // Only deletions left: ask for the server's delete set.
    if (this.marks.length > 0 && this.marks.every((m) => m.kind === 'delete')) this.requestState();
    this.recount();
  }

  private confirmDeletes(update: Uint8Array): void {
    if (!this.marks.some((m) => m.kind === 'delete')) return;
    const { ds } = Y.decodeUpdate(update);
    while (this.marks[0]?.kind === 'delete' && this.marks[0].ranges.every((r) => covered(ds.clients.get(r.client) ?? [], r.clock, r.len))) {
      this.marks.shift();
    }
    this.recount();
  }

  private requestState(): void {
    const ws = this.provider.ws;
    if (!this.provider.wsconnected || !ws || ws.readyState !== ws.OPEN) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, messageSync);
    syncProtocol.writeSyncStep1(encoder, this.doc);
    ws.send(encoding.toUint8Array(encoder));
  }

  /** Earlier tabs' edits (other client ids) the server does not have; known only once it told us its state. */
  private recount(): void {
    let restored = 0;
    if (this.server) {
      const server = this.server;
      for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(this.doc))) {
        if (client !== this.doc.clientID && clock > (server.get(client) ?? 0)) restored++;
      }
    }
    this.restored = restored;
    if (this.pending === 0) this.lastChangeAt = null;
    else this.lastChangeAt ??= Date.now();
    this.emit();
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}

/** Whether sorted, merged delete ranges cover [clock, clock + len). */
function covered(ranges: ReadonlyArray<{ clock: number; len: number }>, clock: number, len: number): boolean {
  let at = clock;
  const end = clock + len;
  for (const r of ranges) {
    if (r.clock + r.len <= at) continue;
    if (r.clock > at) return false;
    at = r.clock + r.len;
    if (at >= end) return true;
  }
  return at >= end;
}
