import { expectationsMap, parseDocName, readPromiseSide, setPromiseSide } from '@casehub/case-document';
import type { Logger } from 'pino';
import * as Y from 'yjs';
import type { SyncExtension } from '../../sync/extension.js';
import { isConn } from '../../sync/room.js';
import type { RoomManager } from '../../sync/rooms.js';

/** A key of one promise and the value to put back (undefined: the key was not there). */
type Restore = { id: string; key: string; value: unknown };

/**
 * [issue 20.11] What guests write into the shared document's promises.
 *
 * DESIGN §3: guests with editor access may add and complete *customer*
 * promises. A guest editor writes the document directly, so without this a
 * guest could add a promise "we" made, name a team member as its owner and
 * mark it missed, lowering that person's kept-promise rate, or mark a real
 * team promise missed. So, as a server change right after the guest's
 * commit: every promise a guest adds (or replaces) becomes a customer
 * promise, and a guest's change to a team promise is undone key by key (to
 * a customer promise, only its side is kept). A promise a guest deletes
 * stays deleted: that takes nothing from anyone's rate. Team members are
 * trusted with either side.
 */
export function createPromiseGuard({ rooms, log }: { rooms: RoomManager; log: Logger }): SyncExtension {
  return {
    name: 'guest promises',
    onLoaded(docName: string, doc: Y.Doc): void {
      if (parseDocName(docName)?.side !== 'shared') return;
      expectationsMap(doc).observeDeep((events, tr) => {
        const conn = tr.origin;
        if (!isConn(conn) || conn.actor.role !== 'guest') return;
        const customer = new Set<string>();
        const restore: Restore[] = [];
        for (const event of events) {
          if (event.path.length === 0) {
            for (const [id, change] of event.changes.keys) if (change.action !== 'delete') customer.add(id);
          }
        }
        for (const event of events) {
          const [id] = event.path;
          if (event.path.length !== 1 || typeof id !== 'string' || customer.has(id) || !(event.target instanceof Y.Map)) continue;
          const keys = event.changes.keys;
          const sideChange = keys.get('side');
          // Its side before this transaction: a guest cannot first make a team promise theirs.
          const was = sideChange ? (sideChange.action === 'add' ? undefined : sideChange.oldValue) : event.target.get('side');
          if (was === 'customer') {
            if (sideChange) restore.push({ id, key: 'side', value: 'customer' });
            continue;
          }
          for (const [key, change] of keys) restore.push({ id, key, value: change.action === 'add' ? undefined : change.oldValue });
        }
        const toStamp = [...customer].filter((id) => readPromiseSide(doc, id) !== 'customer');
        if (toStamp.length === 0 && restore.length === 0) return;
        log.warn(
          { doc: docName, userId: conn.actor.userId, stamped: toStamp.length, undone: restore.length },
          "a guest wrote a team promise; the server keeps the team's",
        );
        rooms
          .change(docName, (d) => {
            for (const id of toStamp) setPromiseSide(d, id, 'customer');
            const items = expectationsMap(d);
            for (const r of restore) {
              const item = items.get(r.id);
              if (!(item instanceof Y.Map)) continue;
              // Values of a promise are plain JSON; a nested type written by a guest is dropped, not copied.
              if (r.value === undefined || r.value instanceof Y.AbstractType) item.delete(r.key);
              else item.set(r.key, r.value);
            }
          })
          .catch((err: unknown) => log.error({ err, doc: docName }, 'could not put back the promises a guest changed'));
      });
    },
  };
}
