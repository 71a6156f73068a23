import type { Logger } from 'pino';
import * as awarenessProtocol from 'y-protocols/awareness';

/** How often, at most, one document's awareness changes go out to its sockets. */
export const awarenessWindowMs = 50;

/**
 * [S13] Coalesces a document's awareness fan-out.
 *
 * Sent one by one, every caret move of each of n people goes to all n
 * sockets: n² frames when everyone moves. Here the first change goes out at
 * once; changes within the next `windowMs` are gathered by client id and go
 * out as one awareness update, encoded when it is sent, so each client
 * appears once with its latest state and clock (a removed client as `null`).
 * That is an ordinary y-protocols awareness update: unmodified clients apply
 * it as they would the separate ones.
 */
export class AwarenessFanout {
  /** Changed client ids to send to this node's sockets. */
  private readonly forSockets = new Set<number>();
  /** Changed client ids of this node's own sockets, to tell other nodes. */
  private readonly forNodes = new Set<number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly awareness: awarenessProtocol.Awareness,
    private readonly log: Pick<Logger, 'error'>,
    private readonly send: (out: { sockets: Uint8Array | undefined; nodes: Uint8Array | undefined }) => void,
    private readonly windowMs = awarenessWindowMs,
  ) {}

  /** `local`: the change came from one of this node's sockets (other nodes must hear of it). */
  add(clients: number[], local: boolean): void {
    for (const id of clients) {
      this.forSockets.add(id);
      if (local) this.forNodes.add(id);
    }
    // Leading edge: a lone change goes out at once; a burst waits for the window.
    if (!this.timer) this.flush();
  }

  private flush(): void {
    if (this.forSockets.size === 0 && this.forNodes.size === 0) {
      this.timer = undefined;
      return;
    }
    const sockets = this.encode(this.forSockets);
    const nodes = this.encode(this.forNodes);
    this.forSockets.clear();
    this.forNodes.clear();
    this.timer = setTimeout(() => this.flush(), this.windowMs);
    this.timer.unref();
    this.send({ sockets, nodes });
  }

  private encode(ids: Set<number>): Uint8Array | undefined {
    // A client whose meta is gone (never seen) has nothing to encode.
    const known = [...ids].filter((id) => this.awareness.meta.has(id));
    if (known.length === 0) return undefined;
    try {
      return awarenessProtocol.encodeAwarenessUpdate(this.awareness, known);
    } catch (err) {
      // [S14] States are checked at the door; a timer must still never throw out of the process.
      this.log.error({ err }, 'could not encode presence; this change is not sent');
      return undefined;
    }
  }

  destroy(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
