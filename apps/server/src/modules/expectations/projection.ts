import { expectationsMap, promiseSides, readExpectation, readPromiseSide, type PromiseSide } from '@casehub/case-document';
import { and, eq, inArray } from 'drizzle-orm';
import type { Logger } from 'pino';
import type * as Y from 'yjs';
import type { Db } from '../../storage/db.js';
import { expectationIndex } from '../../storage/schema.js';
import { fromExcluded } from '../../storage/upsert.js';
import { MapProjector } from '../../sync/map-projector.js';
import { findCaseWorkspaceId } from '../cases/repo.js';
import { emitWebhookEvents } from '../webhooks/events.js';
import { expectationUpdated } from '../webhooks/payloads.js';
import { findCaseTitleById, findExpectationStates, type ExpectationState } from '../webhooks/repo.js';
import { eligibleOwners } from './repo.js';

export type ExpectationProjector = MapProjector<Y.Map<unknown>>;

/** A promise whose owner was just set (a new promise with an owner, or another owner). */
export type OwnerNamed = { workspaceId: string; caseId: string; side: 'team' | 'shared'; ownerId: string; text: string; dueAt: Date };

/**
 * Projects every case document's `expectations` into `expectation_index`:
 * the workspace view reads it, and the clock finds what is coming due there.
 * `onWritten` lets the clock look at once when a promise was written already
 * past due or inside its at-risk window. `announce: false` writes rows without
 * `expectation.updated` events (a rebuild, see rebuild.ts).
 */
export function createExpectationProjector(
  db: Db,
  log: Logger,
  onWritten: () => void,
  { announce = true, onOwnerNamed }: { announce?: boolean; onOwnerNamed?: (named: OwnerNamed) => void } = {},
): ExpectationProjector {
  return new MapProjector(
    {
      name: 'promise index',
      map: expectationsMap,
      async write({ caseId, side }, doc, ids) {
        const workspaceId = await findCaseWorkspaceId(db, caseId);
        if (!workspaceId) return;
        const rows: Array<typeof expectationIndex.$inferInsert & { promiseSide: PromiseSide }> = [];
        const gone: string[] = [];
        for (const id of ids) {
          const e = readExpectation(doc, id);
          if (!e) gone.push(id);
          else
            rows.push({
              caseId,
              side,
              expectationId: id,
              workspaceId,
              text: e.text,
              ownerId: e.ownerId,
              promisedTo: e.promisedTo,
              promiseSide: readPromiseSide(doc, id) ?? 'team',
              dueAt: new Date(e.dueAt),
              status: e.status,
              updatedAt: new Date(),
            });
        }
        // An owner written straight into the document (over /sync) skipped the HTTP check: someone
        // who may not own it (another workspace's user, a guest of another case) is not recorded (issue 20.11).
        for (const promiseSide of promiseSides) {
          const these = rows.filter((r) => r.promiseSide === promiseSide);
          const owners = these.flatMap((r) => (r.ownerId ? [r.ownerId] : []));
          const ok = await eligibleOwners(db, workspaceId, caseId, owners, promiseSide);
          for (const r of these) if (r.ownerId && !ok.has(r.ownerId)) r.ownerId = null;
        }
        if (gone.length > 0) {
          await db
            .delete(expectationIndex)
            .where(and(eq(expectationIndex.caseId, caseId), eq(expectationIndex.side, side), inArray(expectationIndex.expectationId, gone)));
        }
        if (rows.length > 0) {
          const named: OwnerNamed[] = [];
          // [issue 16.1] Changed promises are announced to webhooks in the same commit as their rows.
          await db.transaction(async (tx) => {
            const before = await findExpectationStates(
              tx,
              caseId,
              side,
              rows.map((r) => r.expectationId),
            );
            await tx
              .insert(expectationIndex)
              .values(rows)
              .onConflictDoUpdate({
                target: [expectationIndex.caseId, expectationIndex.side, expectationIndex.expectationId],
                set: fromExcluded({
                  text: expectationIndex.text,
                  ownerId: expectationIndex.ownerId,
                  promisedTo: expectationIndex.promisedTo,
                  promiseSide: expectationIndex.promiseSide,
                  dueAt: expectationIndex.dueAt,
                  status: expectationIndex.status,
                  updatedAt: expectationIndex.updatedAt,
                }),
              });
            if (announce) await announceChanges(tx, { workspaceId, caseId, side }, rows, before);
            // Only the writer that saw the change in its transaction tells the new owner (once across nodes).
            for (const r of rows) {
              if (r.ownerId && before.get(r.expectationId)?.ownerId !== r.ownerId && r.status !== 'met' && r.status !== 'missed') {
                named.push({ workspaceId, caseId, side, ownerId: r.ownerId, text: r.text, dueAt: r.dueAt });
              }
            }
          });
          onWritten();
          if (announce && onOwnerNamed) for (const n of named) onOwnerNamed(n);
        }
      },
    },
    log,
  );
}

/** `expectation.updated` for each promise whose text, owner, due time or state changed (or that is new). */
async function announceChanges(
  tx: Db,
  where: { workspaceId: string; caseId: string; side: 'team' | 'shared' },
  rows: Array<typeof expectationIndex.$inferInsert>,
  before: Map<string, ExpectationState>,
): Promise<void> {
  const changed = rows.filter((r) => {
    const b = before.get(r.expectationId);
    return (
      !b ||
      b.text !== r.text ||
      b.ownerId !== (r.ownerId ?? null) ||
      b.promisedTo !== (r.promisedTo ?? null) ||
      b.status !== r.status ||
      b.dueAt.getTime() !== r.dueAt.getTime()
    );
  });
  if (changed.length === 0) return;
  // The case's name only for a Slack line about a promise just missed.
  const title = changed.some((r) => r.status === 'missed' && before.get(r.expectationId)?.status !== 'missed')
    ? await findCaseTitleById(tx, where.caseId)
    : null;
  await emitWebhookEvents(
    tx,
    changed.map((r) =>
      expectationUpdated(
        where.workspaceId,
        where.caseId,
        { id: r.expectationId, side: where.side, text: r.text, ownerId: r.ownerId ?? null, promisedTo: r.promisedTo ?? null, dueAt: r.dueAt, status: r.status },
        before.get(r.expectationId)?.status ?? null,
        title,
      ),
    ),
  );
}
