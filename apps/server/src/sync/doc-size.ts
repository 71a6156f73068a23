import * as Y from 'yjs';

/**
 * [S12] How large a loaded document may grow through client updates.
 *
 * Keeps an upper bound of the document's encoded size: measured at load,
 * then grown by each update's size. Deletions shrink the real size, so when
 * the bound says an update would pass the limit, the document is measured
 * with the update applied before it is refused. Measuring is O(document),
 * so it happens only near the limit.
 */
export class DocSizeLimit {
  private bound = 0;

  constructor(
    private readonly doc: Y.Doc,
    readonly maxBytes: number,
  ) {}

  /** Starts again from the document's encoded size as it is (after loading, or reading it again). */
  reset(stateBytes: number): void {
    this.bound = stateBytes;
  }

  /** Counts an update that is applied whatever the limit (the server's own change, another node's commit). */
  grow(bytes: number): void {
    this.bound += bytes;
  }

  /**
   * Whether `update` fits, applied after `before()` (updates accepted but not
   * yet in the document; asked for only near the limit, when the document is
   * measured); if so its bytes are counted.
   */
  admit(update: Uint8Array, before: () => Uint8Array[]): { ok: true } | { ok: false; size: number } {
    if (this.bound + update.byteLength <= this.maxBytes) {
      this.bound += update.byteLength;
      return { ok: true };
    }
    const size = this.measure([...before(), update]);
    if (size > this.maxBytes) return { ok: false, size };
    this.bound = size;
    return { ok: true };
  }

  private measure(extra: Uint8Array[]): number {
    const scratch = new Y.Doc({ gc: true });
    try {
      Y.applyUpdate(scratch, Y.encodeStateAsUpdate(this.doc));
      for (const update of extra) Y.applyUpdate(scratch, update);
      return Y.encodeStateAsUpdate(scratch).byteLength;
    } finally {
      scratch.destroy();
    }
  }
}
