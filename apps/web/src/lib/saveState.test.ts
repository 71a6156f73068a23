import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { describe, expect, it } from 'vitest';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { SaveTracker } from './saveState';

/** A tab whose provider never connects; the test hands it the server's sync messages. */
function tab() {
  const doc = new Y.Doc();
  // y-websocket only wants a socket constructor to hold.
  const provider = new WebsocketProvider('ws://casehub.invalid/sync', 'cases/1/team', doc, {
    WebSocketPolyfill: class {} as unknown as typeof WebSocket,
    connect: false,
    disableBc: true,
  });
  const saves = new SaveTracker(doc, provider);
  const receive = (write: (encoder: encoding.Encoder) => void): void => {
    const message = encoding.createEncoder();
    write(message);
    const handler = provider.messageHandlers[0];
    if (!handler) throw new Error('no sync handler');
    handler(encoding.createEncoder(), decoding.createDecoder(encoding.toUint8Array(message)), provider, true, 0);
  };
  return { doc, provider, saves, receive };
}

const text = (doc: Y.Doc) => doc.getText('t');

describe('SaveTracker', () => {
  it("[S8.2] does not count someone else's relayed edits as this tab's unsaved changes", () => {
    const server = new Y.Doc();
    text(server).insert(0, 'typed before I came');
    const b = tab();
    // Joining: the server's step 1 and its step 2 (the whole document).
    b.receive((e) => syncProtocol.writeSyncStep1(e, server));
    b.receive((e) => syncProtocol.writeSyncStep2(e, server, Y.encodeStateVector(b.doc)));
    expect(text(b.doc).toString()).toBe('typed before I came');
    expect(b.saves.pending).toBe(0);
    // Someone else types on; the server relays each committed edit (an update starting past clock 0).
    for (const word of [' and', ' after']) {
      const before = Y.encodeStateVector(server);
      text(server).insert(text(server).length, word);
      b.receive((e) => syncProtocol.writeUpdate(e, Y.encodeStateAsUpdate(server, before)));
      expect(b.saves.pending).toBe(0);
    }
    expect(text(b.doc).toString()).toBe('typed before I came and after');
    b.provider.destroy();
  });

  it('[S8.2] counts this tab’s own change until the server’s state vector covers it', () => {
    const server = new Y.Doc();
    const b = tab();
    b.receive((e) => syncProtocol.writeSyncStep1(e, server));
    text(b.doc).insert(0, 'mine');
    expect(b.saves.pending).toBe(1);
    // The server stores it, then acknowledges with a step 1 carrying its state vector.
    Y.applyUpdate(server, Y.encodeStateAsUpdate(b.doc));
    b.receive((e) => syncProtocol.writeSyncStep1(e, server));
    expect(b.saves.pending).toBe(0);
    b.provider.destroy();
  });
});
