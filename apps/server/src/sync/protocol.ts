import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as authProtocol from 'y-protocols/auth';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

/** Message types of the y-websocket protocol (see y-websocket's server utils). */
export const messageSync = 0;
export const messageAwareness = 1;
export const messageAuth = 2;
export const messageQueryAwareness = 3;

export class BadFrame extends Error {
  override name = 'BadFrame';
}

export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageSync);
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

export function encodeSyncStep2(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageSync);
  encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

export function encodeUpdate(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageSync);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

export function encodeAwareness(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageAwareness);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
  return encoding.toUint8Array(encoder);
}

/** Wraps an already-encoded awareness update as a y-websocket awareness message. */
export function encodeAwarenessMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageAwareness);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

export function encodePermissionDenied(reason: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageAuth);
  authProtocol.writePermissionDenied(encoder, reason);
  return encoding.toUint8Array(encoder);
}

/** A client message, decoded. Anything else is a BadFrame. */
export type ClientMessage =
  | { type: 'syncStep1'; stateVector: Uint8Array }
  | { type: 'update'; update: Uint8Array }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'queryAwareness' }
  | { type: 'auth' };

/**
 * Decodes one frame. lib0 (0.2.118 or later) throws on a length prefix that
 * runs past the end of the frame, which is turned into BadFrame here.
 */
export function decodeClientMessage(frame: Uint8Array): ClientMessage {
  try {
    const decoder = decoding.createDecoder(frame);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case messageSync: {
        const syncType = decoding.readVarUint(decoder);
        if (syncType === syncProtocol.messageYjsSyncStep1) {
          return { type: 'syncStep1', stateVector: decoding.readVarUint8Array(decoder) };
        }
        if (syncType === syncProtocol.messageYjsSyncStep2 || syncType === syncProtocol.messageYjsUpdate) {
          return { type: 'update', update: decoding.readVarUint8Array(decoder) };
        }
        throw new BadFrame(`unknown sync message type ${syncType}`);
      }
      case messageAwareness:
        return { type: 'awareness', update: decoding.readVarUint8Array(decoder) };
      case messageQueryAwareness:
        return { type: 'queryAwareness' };
      case messageAuth:
        return { type: 'auth' };
      default:
        throw new BadFrame(`unknown message type ${type}`);
    }
  } catch (err) {
    if (err instanceof BadFrame) throw err;
    throw new BadFrame(`undecodable frame: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;

/**
 * Checks that an update decodes, and tells whether it carries anything.
 * Decoding is how a malformed update is refused before it reaches the log;
 * the decoded form is handed on (redundant.ts), so it is decoded once.
 */
export function inspectUpdate(update: Uint8Array): { empty: boolean; decoded: DecodedUpdate } {
  let decoded: DecodedUpdate;
  try {
    decoded = Y.decodeUpdate(update);
  } catch (err) {
    throw new BadFrame(`malformed update: ${err instanceof Error ? err.message : String(err)}`);
  }
  return { empty: decoded.structs.length === 0 && decoded.ds.clients.size === 0, decoded };
}
