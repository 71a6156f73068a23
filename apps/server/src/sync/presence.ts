import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { userColor } from '@casehub/contract';
import type { Awareness } from 'y-protocols/awareness';
import { BadFrame } from './protocol.js';

/**
 * [S14] Presence is checked at the door.
 *
 * y-protocols applies an awareness update as it comes: any JSON, any client
 * id, any size. A state nested 20,000 deep parses (V8's JSON.parse does not
 * recurse) but overflows the stack in every later `JSON.stringify` (the
 * fan-out timer, the next joiner), and nothing catches that; 72 MB of states
 * make every joiner's first message too big to send. So each incoming update
 * is decoded here, every state checked (size, depth, shape, whose client id),
 * stamped with the socket's own identity, and re-encoded; only that copy
 * reaches the shared Awareness.
 */
export const presenceLimits = {
  /** One client's state, as JSON text. A caret and a user are well under 1 KB. */
  maxStateBytes: 16 * 1024,
  /** Brackets open at once in a state. A caret state nests 4 deep. */
  maxDepth: 16,
  /** Client ids one socket may announce (one per Y.Doc it carries; y-websocket uses one). */
  maxClientsPerSocket: 4,
  /** Every state of one document together: what a joiner is sent at once. */
  maxDocBytes: 1024 * 1024,
} as const;

/** Who a socket is, as everyone else will see it: set by the server from the account, never by the client. */
export type PresenceIdentity = { id: string; name: string; color: string };

export const presenceIdentity = (userId: string, name: string): PresenceIdentity => ({ id: userId, name, color: userColor(userId) });

type Entry = { clientId: number; clock: number; json: string };

/**
 * Tracks the size of every state in one document's Awareness, and checks
 * and rewrites what a socket sends before it is applied.
 */
export class PresenceGuard {
  /** JSON length of each client's current state. */
  private readonly sizes = new Map<number, number>();
  private total = 0;
  private warned = false;

  constructor(
    private readonly awareness: Awareness,
    private readonly onFull: (bytes: number) => void = () => {},
  ) {
    awareness.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
      for (const id of [...added, ...updated]) this.setSize(id, jsonLength(awareness.getStates().get(id)));
      for (const id of removed) this.setSize(id, 0);
    });
  }

  /** Bytes of presence this document holds (every state's JSON). */
  get bytes(): number {
    return this.total;
  }

  /**
   * Checks one awareness update from a socket and returns the copy to apply:
   * each state stamped with `identity`. Throws BadFrame (the socket closes
   * with 4400) for anything no honest client sends. A state that would take
   * the document past `maxDocBytes` is left out (the socket stays: a busy
   * document is no fault of the one joining it).
   */
  admit(update: Uint8Array, identity: PresenceIdentity, owned: ReadonlySet<number>): Uint8Array {
    const out: Entry[] = [];
    const adopted = new Set<number>();
    for (const { clientId, clock, json } of decodeEntries(update)) {
      if (!owned.has(clientId)) {
        // y-websocket echoes every presence change it receives, others' included: an echo changes nothing and is dropped.
        const meta = this.awareness.meta.get(clientId);
        if (meta && (clock < meta.clock || (clock === meta.clock && !(json === 'null' && this.awareness.getStates().has(clientId))))) continue;
        if (clientId === this.awareness.clientID) throw new BadFrame("presence for the server's own client id");
        // Someone else's presence (on any node: states carry the server-set id) is not this socket's to change.
        const current = this.awareness.getStates().get(clientId);
        if (current !== undefined && stampedUser(current) !== identity.id) throw new BadFrame("presence for another person's client id");
        adopted.add(clientId);
        if (owned.size + adopted.size > presenceLimits.maxClientsPerSocket) {
          throw new BadFrame(`a socket may announce at most ${presenceLimits.maxClientsPerSocket} presence client ids`);
        }
      }
      if (json.length > presenceLimits.maxStateBytes) throw new BadFrame(`a presence state of ${json.length} bytes`);
      const state = parseState(json);
      if (state === null) {
        out.push({ clientId, clock, json: 'null' });
        continue;
      }
      const stamped = JSON.stringify({ ...state, user: identity });
      const grows = stamped.length - (this.sizes.get(clientId) ?? 0);
      if (this.total + grows > presenceLimits.maxDocBytes) {
        if (!this.warned) this.onFull(this.total);
        this.warned = true;
        continue;
      }
      out.push({ clientId, clock, json: stamped });
    }
    return encodeEntries(out);
  }

  private setSize(clientId: number, size: number): void {
    this.total += size - (this.sizes.get(clientId) ?? 0);
    if (size > 0) this.sizes.set(clientId, size);
    else this.sizes.delete(clientId);
    if (this.total < presenceLimits.maxDocBytes / 2) this.warned = false;
  }
}

function decodeEntries(update: Uint8Array): Entry[] {
  try {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    const entries: Entry[] = [];
    // Each entry takes at least 3 bytes: a count past that is a lie, not a reason to loop.
    if (count > update.byteLength / 3) throw new BadFrame('awareness update claims more states than it holds');
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      entries.push({ clientId, clock, json: decoding.readVarString(decoder) });
    }
    return entries;
  } catch (err) {
    if (err instanceof BadFrame) throw err;
    throw new BadFrame('malformed awareness update');
  }
}

function encodeEntries(entries: Entry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const { clientId, clock, json } of entries) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, json);
  }
  return encoding.toUint8Array(encoder);
}

/** A state is a JSON object or null, no deeper than `maxDepth`: measured on the text, before parsing. */
function parseState(json: string): Record<string, unknown> | null {
  if (jsonDepth(json) > presenceLimits.maxDepth) throw new BadFrame('presence state nested too deep');
  let state: unknown;
  try {
    state = JSON.parse(json);
  } catch {
    throw new BadFrame('presence state is not JSON');
  }
  if (state === null) return null;
  if (typeof state !== 'object' || Array.isArray(state)) throw new BadFrame('presence state is not an object');
  return state as Record<string, unknown>;
}

/** The deepest bracket nesting in JSON text, ignoring brackets inside strings. Iterative: the input may be hostile. */
export function jsonDepth(json: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}

function stampedUser(state: Record<string, unknown>): unknown {
  const user = state.user;
  return typeof user === 'object' && user !== null && 'id' in user ? user.id : undefined;
}

function jsonLength(state: unknown): number {
  if (state === undefined) return 0;
  try {
    return JSON.stringify(state).length;
  } catch {
    return presenceLimits.maxStateBytes;
  }
}
