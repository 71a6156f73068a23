import * as Y from 'yjs';
import { encodeSyncStep2 } from './protocol.js';

/** How long the encoded full state is kept for further joiners once made. */
const keepMs = 5_000;

/**
 * The sync step 2 for a client that has nothing (an empty state vector),
 * encoded once and sent to every such joiner until the document changes
 * (`drop`, on every update) or `keepMs` passes. ws sends the same buffer to
 * every socket, so a join storm on a large document costs one encoding and
 * no copy per joiner.
 */
export class FullStateCache {
  private cached: { message: Uint8Array; stateBytes: number; expiry: NodeJS.Timeout } | undefined;

  constructor(private readonly doc: Y.Doc) {}

  message(): Uint8Array {
    return this.encoded().message;
  }

  /**
   * The size of the whole document encoded as one update. Measured by the
   * same encoding the first joiner is sent, so a room just loaded encodes its
   * document once, not once for its size limit and again for the joiner (a
   * tenth of the cold open of a 4 MB case).
   */
  stateBytes(): number {
    return this.encoded().stateBytes;
  }

  drop(): void {
    if (!this.cached) return;
    clearTimeout(this.cached.expiry);
    this.cached = undefined;
  }

  private encoded(): { message: Uint8Array; stateBytes: number } {
    if (this.cached) return this.cached;
    const state = Y.encodeStateAsUpdate(this.doc);
    const expiry = setTimeout(() => this.drop(), keepMs);
    expiry.unref();
    this.cached = { message: encodeSyncStep2(state), stateBytes: state.byteLength, expiry };
    return this.cached;
  }
}
