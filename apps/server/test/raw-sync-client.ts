import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

/**
 * A y-websocket client as bare as it gets, for storms: a raw socket speaking
 * sync messages only (no awareness), with its own Y.Doc, so a thousand fit
 * in one process. It retries every `retryMs` with no jitter: the worst
 * case, all in lockstep.
 */
export class RawClient {
  readonly doc = new Y.Doc();
  ws: WebSocket | undefined;
  synced = false;
  connects = 0;
  private stopped = false;

  constructor(
    private readonly url: () => string,
    private readonly cookie: string,
    private readonly retryMs = 500,
  ) {
    // Local changes go to the server, as the provider would send them.
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === this || this.ws?.readyState !== WebSocket.OPEN) return;
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 0);
      syncProtocol.writeUpdate(e, update);
      this.ws.send(encoding.toUint8Array(e));
    });
  }

  connect(): void {
    if (this.stopped) return;
    this.synced = false;
    const ws = new WebSocket(this.url(), { headers: { cookie: this.cookie } });
    ws.binaryType = 'nodebuffer';
    this.ws = ws;
    ws.on('open', () => {
      this.connects++;
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 0);
      syncProtocol.writeSyncStep1(e, this.doc);
      ws.send(encoding.toUint8Array(e));
    });
    ws.on('message', (data: Buffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      if (decoding.readVarUint(decoder) !== 0) return; // awareness, auth: not needed here
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 0);
      const kind = syncProtocol.readSyncMessage(decoder, e, this.doc, this);
      if (kind === syncProtocol.messageYjsSyncStep2) this.synced = true;
      if (encoding.length(e) > 1) ws.send(encoding.toUint8Array(e));
    });
    ws.on('error', () => undefined);
    ws.on('close', () => {
      this.synced = false;
      if (this.ws === ws) setTimeout(() => this.connect(), this.retryMs);
    });
  }

  stop(): void {
    this.stopped = true;
    this.ws?.terminate();
  }
}
