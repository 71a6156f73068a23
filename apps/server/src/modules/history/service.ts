import { docName, type DocSide } from '@casehub/case-document';
import type { VersionDetail, VersionSummary } from '@casehub/contract';
import { AppError, notFound } from '../../errors.js';
import type { RoomManager } from '../../sync/rooms.js';
import type { Actor } from '../access/policy.js';
import type { CasesService } from '../cases/service.js';
import type { Db } from '../../storage/db.js';
import type { VersionRecorder } from './capture.js';
import { findVersion, listVersions, userNames } from './repo.js';

const maxListed = 200;
const excerptLength = 160;

export type HistoryService = ReturnType<typeof createHistoryService>;

/**
 * Reading versions. Whoever may open a document may read its versions, and
 * nobody else: the same `syncAccess` decision as the /sync endpoint, and a
 * 404 for anything else (a version never reveals that a case exists).
 */
export function createHistoryService({ db, cases, rooms, versions }: { db: Db; cases: CasesService; rooms: RoomManager; versions: VersionRecorder }) {
  async function assertCanRead(actor: Actor, caseId: string, side: DocSide): Promise<void> {
    const access = await cases.syncAccess(actor, caseId, side);
    if (!access) throw notFound('No such case, or you may not read it');
  }

  return {
    async list(actor: Actor, caseId: string, side: DocSide, target: string): Promise<VersionSummary[]> {
      await assertCanRead(actor, caseId, side);
      const rows = await listVersions(db, caseId, side, target, maxListed);
      const names = await userNames(
        db,
        rows.flatMap((r) => r.authorIds),
      );
      return rows.map((r) => ({
        id: r.id,
        at: r.at.toISOString(),
        authors: r.authorIds.map((id) => ({ id, name: names.get(id) ?? 'Former member' })),
        size: r.text.length,
        excerpt: excerpt(r.text),
      }));
    },

    /**
     * Keeps the text as it is now as a version (unless it equals the last
     * one): a restore calls this first, so what it replaces can be found and
     * restored in turn. Only someone who may write the document may ask.
     */
    async checkpoint(actor: Actor, caseId: string, side: DocSide, target: string): Promise<void> {
      const access = await cases.syncAccess(actor, caseId, side);
      if (!access) throw notFound('No such case, or you may not read it');
      if (!access.canWrite) throw new AppError('forbidden', 'Only editors can restore versions');
      const room = await rooms.acquire(docName(caseId, side));
      try {
        await versions.checkpoint(room.name, target, actor.userId);
      } finally {
        rooms.release(room);
      }
    },

    async get(actor: Actor, id: string): Promise<VersionDetail> {
      const row = await findVersion(db, id);
      if (!row) throw notFound('No such version');
      await assertCanRead(actor, row.caseId, row.side);
      const names = await userNames(db, row.authorIds);
      return {
        id: row.id,
        caseId: row.caseId,
        doc: row.side,
        target: row.target,
        at: row.at.toISOString(),
        authors: row.authorIds.map((a) => ({ id: a, name: names.get(a) ?? 'Former member' })),
        size: row.text.length,
        excerpt: excerpt(row.text),
        text: row.text,
        state: Buffer.from(row.state).toString('base64'),
      };
    },
  };
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= excerptLength ? flat : `${flat.slice(0, excerptLength - 1)}…`;
}
