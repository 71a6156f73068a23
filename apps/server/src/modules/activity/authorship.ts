import { activityMap, authorOf, stampAuthor } from '@casehub/case-document';
import type { Logger } from 'pino';
import type * as Y from 'yjs';
import { isConn } from '../../sync/room.js';
import type { SyncExtension } from '../../sync/extension.js';
import type { RoomManager } from '../../sync/rooms.js';

/**
 * [A10] Who wrote an entry is the server's word, not the client's.
 *
 * A client writes stream entries straight into a document, `actorId` and
 * `actorName` included, so a guest editor could post in the shared document
 * as the case owner ("Olivia Owner: the contract is cancelled"). An entry a
 * client's transaction adds is stamped with the account behind that socket;
 * an existing entry whose author a client changes gets its author back; both
 * as a server change. Honest clients write their own name on their own
 * entries only, so for them nothing changes.
 */
export function createAuthorship({ rooms, log }: { rooms: RoomManager; log: Logger }): SyncExtension {
  return {
    name: 'entry authorship',
    onLoaded(docName: string, doc: Y.Doc): void {
      activityMap(doc).observeDeep((events, tr) => {
        const conn = tr.origin;
        if (!isConn(conn)) return;
        const writer = { actorId: conn.actor.userId, actorName: conn.identity.name };
        // New entries are the writer's; an existing entry's author, once touched, goes back to what it was.
        const fixes = new Map<string, { actorId: string | null; actorName: string }>();
        for (const event of events) {
          if (event.path.length === 0) {
            for (const [id, change] of event.changes.keys) if (change.action !== 'delete') fixes.set(id, writer);
          } else if (event.path.length === 1 && typeof event.path[0] === 'string' && !fixes.has(event.path[0])) {
            const keys = event.changes.keys;
            const was = (key: 'actorId' | 'actorName'): unknown => {
              const change = keys.get(key);
              return change && change.action !== 'add' ? change.oldValue : writer[key];
            };
            if (!keys.has('actorId') && !keys.has('actorName')) continue;
            const actorId = keys.has('actorId') ? was('actorId') : authorOf(doc, event.path[0])?.actorId;
            const actorName = keys.has('actorName') ? was('actorName') : authorOf(doc, event.path[0])?.actorName;
            if ((actorId === null || typeof actorId === 'string') && typeof actorName === 'string') fixes.set(event.path[0], { actorId, actorName });
          }
        }
        const wrong = [...fixes].filter(([id, author]) => {
          const now = authorOf(doc, id);
          return now !== null && (now.actorId !== author.actorId || now.actorName !== author.actorName);
        });
        if (wrong.length === 0) return;
        log.warn({ doc: docName, userId: writer.actorId, entries: wrong.length }, 'a client wrote an author that is not its own; the server sets it');
        rooms
          .change(docName, (d) => {
            for (const [id, author] of wrong) stampAuthor(d, id, author);
          })
          .catch((err: unknown) => log.error({ err, doc: docName }, 'could not set the author of entries'));
      });
    },
  };
}
