import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import { decodeBusMessage, encodeBusMessage } from './bus.js';

describe('bus messages', () => {
  it('[issue 16.4] carry when they were sent, and a message from a node that does not write it still reads', () => {
    const update = { kind: 'update' as const, node: 'n1.3', seq: 7, data: Uint8Array.from([1, 2, 3]) };
    expect(decodeBusMessage(encodeBusMessage(update, 1_796_400_000_123))).toEqual({ ...update, sentAt: 1_796_400_000_123 });
    expect(decodeBusMessage(encodeBusMessage({ kind: 'heartbeat', node: 'n1.3', seq: 8 }, 5))).toEqual({ kind: 'heartbeat', node: 'n1.3', seq: 8, sentAt: 5 });
    // The older layout: the same fields, no time at the end.
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 0);
    encoding.writeVarString(e, 'old.1');
    encoding.writeVarUint(e, 9);
    encoding.writeVarUint8Array(e, Uint8Array.from([4]));
    expect(decodeBusMessage(encoding.toUint8Array(e))).toEqual({ kind: 'update', node: 'old.1', seq: 9, data: Uint8Array.from([4]), sentAt: null });
  });
});
