import { connect as tcpConnect } from 'node:net';
import { docName, planFragment } from '@casehub/case-document';
import { closeCodes } from '@casehub/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { readDoc } from '../src/sync/persistence.js';
import { addParagraph, backends, connect, createCase, rawSocket, signUp, startTestServer, synced, waitFor, wsWithHeaders, type TestEnv } from './helpers.js';

/** [S12] [S13] Bounded resources: what one socket, one document, one stranger may cost the server. */

function planText(doc: Y.Doc): string {
  return planFragment(doc).toString();
}

describe('bounded resources', () => {
  let env: TestEnv;
  let roomy: TestEnv;
  beforeAll(async () => {
    // PostgreSQL when there is one: PGlite starts slowly on a busy machine.
    const backend = backends.includes('postgres') ? 'postgres' : 'pglite';
    // Small limits so the tests reach them quickly.
    // One person opens the hundred sockets of the awareness test.
    env = await startTestServer(backend, { MAX_BUFFERED_BYTES: String(1024 * 1024), MAX_DOC_BYTES: String(64 * 1024), MAX_SOCKETS_PER_USER: '200' });
    roomy = await startTestServer(backend, { MAX_BUFFERED_BYTES: String(1024 * 1024) });
  }, 180_000);
  afterAll(async () => {
    await env?.stop();
    await roomy?.stop();
  });

  it("[S13.1] 100 people in one document: awareness is coalesced, and everyone converges on everyone's last state", async () => {
    const a = await signUp(env.server.url);
    const c = await createCase(a.client);
    const name = docName(c.id, 'team');
    const n = 100;
    const moves = 5;
    let awarenessFrames = 0;
    // The unmodified provider over a socket that counts the awareness messages it receives.
    const Counting = class extends wsWithHeaders({ cookie: a.client.cookie }) {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        this.on('message', (data: ArrayBuffer | Buffer) => {
          if (new Uint8Array(data)[0] === 1) awarenessFrames++;
        });
      }
    };
    const clients = Array.from({ length: n }, () => {
      const doc = new Y.Doc();
      const provider = new WebsocketProvider(`${env.server.url.replace(/^http/, 'ws')}/sync`, name, doc, {
        WebSocketPolyfill: Counting as unknown as typeof globalThis.WebSocket,
        disableBc: true,
      });
      return { doc, provider };
    });
    try {
      await Promise.all(clients.map((cl) => synced(cl.provider, 60_000)));
      await waitFor(() => clients.every((cl) => cl.provider.awareness.getStates().size === n), 'everyone to see everyone', 60_000);
      awarenessFrames = 0;
      // Everyone moves their caret five times, as fast as they can.
      for (let move = 1; move <= moves; move++) {
        for (const [i, cl] of clients.entries()) cl.provider.awareness.setLocalStateField('cursor', { who: i, move });
      }
      const isFinal = (cl: (typeof clients)[number]) =>
        clients.every((other, j) => {
          const state = cl.provider.awareness.getStates().get(other.doc.clientID) as { cursor?: { who: number; move: number } } | undefined;
          return state?.cursor?.who === j && state.cursor.move === moves;
        });
      await waitFor(() => clients.every(isFinal), "everyone to see everyone's last move", 60_000);
      const oneByOne = n * moves * n;
      console.log(
        `[S13] awareness: ${n} clients × ${moves} moves → ${awarenessFrames} frames received (one frame per change to each socket would be ${oneByOne})`,
      );
      expect(awarenessFrames).toBeLessThan(n * n);
    } finally {
      for (const cl of clients) cl.provider.destroy();
    }
  }, 180_000);

  it('[S12.1] a socket that stops reading is closed once MAX_BUFFERED_BYTES pile up; the others carry on', async () => {
    const a = await signUp(roomy.server.url);
    const c = await createCase(a.client);
    const name = docName(c.id, 'team');
    const A = connect(roomy.server.url, name, { cookie: a.client.cookie });
    const B = connect(roomy.server.url, name, { cookie: a.client.cookie });
    await Promise.all([synced(A.provider), synced(B.provider)]);
    const slow = rawSocket(`${roomy.server.url.replace('http', 'ws')}/sync/${name}`, { cookie: a.client.cookie });
    expect(await slow.opened).toBe(true);
    await waitFor(() => roomy.server.rooms.peek(name)?.conns.size === 3, 'three sockets');
    // The slow peer stops reading: the kernel buffers fill, then the server's.
    (slow.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const big = 'x'.repeat(256 * 1024);
    let rounds = 0;
    // Each round broadcasts 256 KiB then deletes it, so the document itself stays small.
    while (roomy.server.rooms.peek(name)?.conns.size === 3 && rounds < 400) {
      addParagraph(A.doc, big);
      planFragment(A.doc).delete(planFragment(A.doc).length - 1, 1);
      rounds++;
      await new Promise((r) => setTimeout(r, 20));
    }
    await waitFor(() => roomy.server.rooms.peek(name)?.conns.size === 2, 'the slow socket to be closed', 30_000);
    console.log(`[S12] slow reader closed after ${rounds} rounds of 256 KiB`);
    addParagraph(A.doc, 'after the slow one left');
    await waitFor(() => planText(B.doc).includes('after the slow one left'), 'B to keep receiving');
    expect(A.provider.wsconnected && B.provider.wsconnected).toBe(true);
    A.provider.destroy();
    B.provider.destroy();
    slow.ws.terminate();
  }, 120_000);

  it('[S12.2] an update that would grow a document past MAX_DOC_BYTES is refused with 4413; deleted content does not count', async () => {
    const a = await signUp(env.server.url);
    const c = await createCase(a.client);
    const name = docName(c.id, 'team');
    const A = connect(env.server.url, name, { cookie: a.client.cookie });
    const B = connect(env.server.url, name, { cookie: a.client.cookie });
    await Promise.all([synced(A.provider), synced(B.provider)]);
    // 40 KiB twice, deleting in between: 80 KiB were sent, but the document never holds more than 40.
    addParagraph(A.doc, `first ${'a'.repeat(40 * 1024)}`);
    await waitFor(() => planText(B.doc).includes('first'), 'first big paragraph');
    planFragment(A.doc).delete(0, planFragment(A.doc).length);
    addParagraph(A.doc, `second ${'b'.repeat(40 * 1024)}`);
    await waitFor(() => planText(B.doc).includes('second') && !planText(B.doc).includes('first'), 'second big paragraph');
    // This one would take the document past 64 KiB.
    const closed = new Promise<{ code: number }>((resolve) => A.provider.once('closed', (e: { code: number }) => resolve(e)));
    addParagraph(A.doc, `third ${'c'.repeat(40 * 1024)}`);
    expect((await closed).code).toBe(closeCodes.documentTooLarge);
    // A 44xx close is final for y-websocket: A stops; nobody else got it, and the log does not hold it.
    addParagraph(B.doc, 'B still writes');
    const stored = new Y.Doc();
    await waitFor(async () => {
      const s = await readDoc(env.server.database.db, name);
      for (const part of s.snapshot ? [s.snapshot, ...s.updates] : s.updates) Y.applyUpdate(stored, part);
      return planText(stored).includes('B still writes');
    }, "B's write to be stored");
    expect(planText(stored)).not.toContain('third');
    expect(planText(B.doc)).not.toContain('third');
    A.provider.destroy();
    B.provider.destroy();
  });

  it('[S12.3] a refused upgrade cannot keep its socket: a half-open stranger that keeps writing is cut off', async () => {
    const a = await signUp(env.server.url);
    const c = await createCase(a.client);
    const port = env.server.port;
    const socket = tcpConnect({ host: '127.0.0.1', port, allowHalfOpen: true });
    let response = '';
    let written = 0;
    socket.on('data', (d: Buffer) => (response += d.toString('latin1')));
    socket.on('error', () => undefined);
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    let open = true;
    void closed.then(() => (open = false));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(
      `GET /sync/${docName(c.id, 'team')} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
    // No credentials, and then data for as long as the server takes it.
    const chunk = Buffer.alloc(64 * 1024, 0x82);
    const deadline = Date.now() + 20_000;
    while (open && Date.now() < deadline) {
      if (socket.write(chunk)) written += chunk.length;
      else await Promise.race([new Promise((r) => socket.once('drain', r)), closed, new Promise((r) => setTimeout(r, 200))]);
    }
    expect(open).toBe(false);
    expect(response).toMatch(/^HTTP\/1\.1 401 /);
    console.log(`[S12] refused stranger cut off after writing ${(written / 1024 / 1024).toFixed(1)} MiB`);
    // Whatever it wrote went nowhere: the server answered 401 and never read a frame.
    expect(response).not.toContain('101 Switching Protocols');
  });
});
