import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { docName } from '@casehub/case-document';
import { createCase, signUp, waitFor } from './helpers.js';

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

/** A storm server's settings: one person holds every socket, so their per-person cap is raised past the storm. */
export function stormEnv(port: string, storage: { dataDir: string; databaseUrl: string | undefined }, clientCount: number): Record<string, string> {
  return {
    PORT: port,
    HOST: '127.0.0.1',
    DATA_DIR: storage.dataDir,
    MAX_SOCKETS_PER_USER: String(clientCount * 2),
    ...(storage.databaseUrl ? { DATABASE_URL: storage.databaseUrl } : {}),
  };
}

/**
 * One person signs up on `url`, makes `docCount` cases, and `clientCount`
 * raw clients open their team documents in turn, a hundred at a time (the
 * first connection is not the storm), until each is synced. On a failure
 * the clients made so far are stopped.
 */
export async function connectStormClients(
  url: string,
  clientCount: number,
  docCount: number,
): Promise<{ names: string[]; clients: Array<{ name: string; client: RawClient }> }> {
  const owner = await signUp(url);
  const names: string[] = [];
  for (let i = 0; i < docCount; i++) names.push(docName((await createCase(owner.client, { title: `Storm ${i}` })).id, 'team'));
  const wsBase = url.replace(/^http/, 'ws');
  const clients = Array.from({ length: clientCount }, (_, i) => {
    const name = names[i % docCount] ?? '';
    return { name, client: new RawClient(() => `${wsBase}/sync/${name}`, owner.client.cookie) };
  });
  try {
    for (let i = 0; i < clients.length; i += 100) {
      const group = clients.slice(i, i + 100);
      for (const { client } of group) client.connect();
      await waitFor(() => group.every(({ client }) => client.synced), 'the first connections', 60_000);
    }
  } catch (err) {
    for (const { client } of clients) client.stop();
    throw err;
  }
  return { names, clients };
}
