import { expectationStatuses, expectationsMap, parseDocName, readExpectation, readPromiseSide, type ExpectationStatus } from '@casehub/case-document';
import type { Logger } from 'pino';
import type * as Y from 'yjs';
import type { Db } from '../../storage/db.js';
import type { SyncExtension } from '../../sync/extension.js';
import { isConn } from '../../sync/room.js';
import type { ActivityService } from '../activity/service.js';
import { addPromiseLine, editLine } from './service.js';

type Deps = { db: Db; activity: ActivityService; log: Logger; now: () => Date };

const isStatus = (value: unknown): value is ExpectationStatus => expectationStatuses.includes(value as ExpectationStatus);

/**
 * [issue 15.1] A promise ticked off in the mutual plan says so in the stream.
 *
 * The plan writes a promise's status straight into the case document over
 * /sync (so it works offline too); the Promises panel goes through HTTP,
 * whose service writes the stream line. Without this, "Promise met: …"
 * appeared for one and not the other. So a status a person's client changes
 * gets the same line the HTTP path writes, on the team's stream, by that
 * person. The server's own changes (the clock, the HTTP path, the shared
 * mirror) have no client origin and are not counted twice.
 *
 * A guest's change to a team promise is undone by the promise guard; it is
 * no line either: a guest's status change counts only on a promise that was
 * the customer's before the change.
 */
export function createPlanPromiseLines({ db, activity, log, now }: Deps): SyncExtension {
  return {
    name: 'plan promise lines',
    onLoaded(docName: string, doc: Y.Doc): void {
      const parsed = parseDocName(docName);
      if (!parsed) return;
      expectationsMap(doc).observeDeep((events, tr) => {
        const conn = tr.origin;
        if (!isConn(conn)) return;
        for (const event of events) {
          const [id] = event.path;
          const status = event.changes.keys.get('status');
          if (event.path.length !== 1 || typeof id !== 'string' || status?.action !== 'update' || !isStatus(status.oldValue)) continue;
          const after = readExpectation(doc, id);
          if (!after || after.status === status.oldValue) continue;
          if (conn.actor.role === 'guest' && (readPromiseSide(doc, id) !== 'customer' || event.changes.keys.has('side'))) continue;
          const line = editLine({ ...after, status: status.oldValue }, after);
          if (!line) continue;
          void addPromiseLine({ db, activity, now }, parsed.caseId, conn.actor.userId, line).catch((err: unknown) =>
            log.error({ err, doc: docName, expectationId: id }, 'could not write the line of a promise ticked in the plan'),
          );
        }
      });
    },
  };
}
