import { docName, docSides, migrate } from '@casehub/case-document';
import type { Logger } from 'pino';
import * as Y from 'yjs';
import type { Db } from '../../storage/db.js';
import { readDoc } from '../../sync/persistence.js';
import { createActivityProjector } from '../activity/projection.js';
import { CaseProjector } from '../cases/projection.js';
import { createMilestoneProjector } from '../expectations/milestones.js';
import { createExpectationProjector } from '../expectations/projection.js';
import { clearCaseProjections, findCaseUpdatedAt, listCaseIds, setCaseUpdatedAt } from './repo.js';

export type RebuildResult = { cases: number; documents: number; unreadableUpdates: number };

/**
 * Rebuilds every projection of the case documents into SQL (DESIGN §5: "they
 * can be rebuilt from the documents"): the case index (`cases`' fields), the
 * activity index (search, reporting) and the promise index (the workspace view,
 * the clock). Each case in one transaction: its rows are cleared and written
 * again from its documents as stored, so readers see the old rows or the new,
 * never none. The same projectors as the live server, told to announce nothing:
 * a rebuild restores an index, it is no news to webhooks.
 *
 * Meant for a stopped server (PGlite allows nothing else). Against a running
 * PostgreSQL cluster, an edit committed while its case is being rebuilt may
 * leave that one row behind until its next edit, or the next rebuild.
 */
export async function rebuildProjections(db: Db, log: Logger, onCase?: (done: number, of: number) => void): Promise<RebuildResult> {
  const caseIds = await listCaseIds(db);
  const result: RebuildResult = { cases: 0, documents: 0, unreadableUpdates: 0 };
  for (const caseId of caseIds) {
    await db.transaction(async (tx) => {
      // Lists sort by when a case was last worked on; projecting again is no work on it.
      const updatedAt = await findCaseUpdatedAt(tx, caseId);
      await clearCaseProjections(tx, caseId);
      const cases = new CaseProjector(tx, log, { announce: false });
      const activity = createActivityProjector(tx, log, { announce: false });
      const promises = createExpectationProjector(tx, log, () => {}, { announce: false });
      // Milestone rows are not cleared first: a step keeps the notices already given for its due moment.
      const steps = createMilestoneProjector(tx, log, () => {});
      for (const side of docSides) {
        const name = docName(caseId, side);
        const stored = await readDoc(tx, name);
        const parts = stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates;
        if (parts.length === 0) continue;
        const doc = new Y.Doc();
        // Observed before anything is applied, so every entry of the maps is marked as changed.
        activity.onLoaded(name, doc);
        promises.onLoaded(name, doc);
        steps.onLoaded(name, doc);
        for (const part of parts) {
          try {
            Y.applyUpdate(doc, part);
          } catch (err) {
            // As a room loading it would: an unreadable entry is skipped (and said), the rest still counts.
            result.unreadableUpdates++;
            log.error({ err, doc: name }, 'skipped an unreadable stored update');
          }
        }
        // What a room would see once loaded: the current schema.
        migrate(doc);
        if (side === 'team') await cases.project(caseId, doc);
        await activity.flushDoc(name);
        await promises.flushDoc(name);
        await steps.flushDoc(name);
        doc.destroy();
        result.documents++;
      }
      if (updatedAt) await setCaseUpdatedAt(tx, caseId, updatedAt);
    });
    result.cases++;
    onCase?.(result.cases, caseIds.length);
  }
  return result;
}
