import * as Y from 'yjs';
import type { DecodedUpdate } from './protocol.js';

/**
 * Whether an update would change nothing in `doc`: every struct it carries is
 * already there and every range it deletes is already deleted.
 *
 * A y-websocket client answers each sync step 1 with a step 2 that always
 * carries its whole delete set. Without this check, the server's durable
 * acknowledgement [S8] (a step 1) would draw such an answer, which would be
 * committed, acknowledged again, and so on every 200 ms for as long as the
 * socket stays open; it would also make every pause look like a new change.
 */
export function addsNothing(doc: Y.Doc, { structs, ds }: DecodedUpdate): boolean {
  const known = (client: number): number => Y.getState(doc.store, client);
  for (const struct of structs) {
    if (struct instanceof Y.Skip) continue; // a gap, carrying nothing
    if (struct.id.clock + struct.length > known(struct.id.client)) return false;
  }
  for (const [client, ranges] of ds.clients) {
    const have = doc.store.clients.get(client);
    for (const range of ranges) {
      const end = range.clock + range.len;
      if (!have || end > known(client)) return false;
      // Walk the structs over the range (binary search to its start): all must be deleted.
      let i = Y.findIndexSS(have, range.clock);
      let at = range.clock;
      while (at < end) {
        const struct = have[i++];
        if (!struct?.deleted) return false;
        at = struct.id.clock + struct.length;
      }
    }
  }
  return true;
}
