import { activityMap, fragmentText, readActivity, type DocSide } from '@casehub/case-document';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type * as Y from 'yjs';
import { rowsOf, type Db } from '../../storage/db.js';
import { activityIndex, caseMerges } from '../../storage/schema.js';
import { fromExcluded } from '../../storage/upsert.js';
import { MapProjector } from '../../sync/map-projector.js';
import { findCaseWorkspaceId } from '../cases/repo.js';
import { emitWebhookEvents } from '../webhooks/events.js';
import { activityCreated } from '../webhooks/payloads.js';
import { listSharedItems, type SharedItemKind } from './repo.js';

/** The activity streams projected into `activity_index`, for search and reporting. */
export type ActivityProjector = MapProjector<Y.Map<unknown>>;

/** `announce: false` writes rows without `activity.created` events: a rebuild restores the index, nothing new was written (see rebuild.ts). */
export function createActivityProjector(db: Db, log: Logger, { announce = true }: { announce?: boolean } = {}): ActivityProjector {
  return new MapProjector(
    {
      name: 'activity index',
      map: activityMap,
      async write({ caseId, side }, doc, ids) {
        const workspaceId = await findCaseWorkspaceId(db, caseId);
        if (!workspaceId) return;
        const rows: Array<typeof activityIndex.$inferInsert> = [];
        const gone: string[] = [];
        // In the shared document an entry's emailId/fileId is whatever its last writer (a guest
        // editor, say) put there; the row keeps only what the team shared under that id.
        const opens = side === 'shared' ? await sharedOpens(db, caseId, ids) : null;
        for (const id of ids) {
          const entry = readActivity(doc, id);
          if (!entry) {
            gone.push(id);
            continue;
          }
          rows.push({
            caseId,
            activityId: id,
            side,
            workspaceId,
            kind: entry.kind,
            at: new Date(entry.at),
            actorId: entry.actorId,
            summary: entry.summary,
            bodyText: entry.body ? fragmentText(entry.body).slice(0, 200_000) : '',
            emailId: (opens ? trusted(opens, id, 'email', entry.emailId) : entry.emailId) ?? null,
            fileId: (opens ? trusted(opens, id, 'file', entry.fileId) : entry.fileId) ?? null,
          });
        }
        if (gone.length > 0) {
          await db.delete(activityIndex).where(and(eq(activityIndex.caseId, caseId), eq(activityIndex.side, side), inArray(activityIndex.activityId, gone)));
        }
        for (let i = 0; i < rows.length; i += 500) {
          // [issue 16.1] New entries are announced to webhooks in the same commit as their rows.
          await db.transaction(async (tx) => {
            const written = await tx
              .insert(activityIndex)
              .values(rows.slice(i, i + 500))
              .onConflictDoUpdate({
                target: [activityIndex.caseId, activityIndex.side, activityIndex.activityId],
                set: fromExcluded({
                  kind: activityIndex.kind,
                  at: activityIndex.at,
                  actorId: activityIndex.actorId,
                  summary: activityIndex.summary,
                  bodyText: activityIndex.bodyText,
                  emailId: activityIndex.emailId,
                  fileId: activityIndex.fileId,
                }),
              })
              .returning({ activityId: activityIndex.activityId, inserted: sql<boolean>`(xmax = 0)` });
            if (!announce) return;
            await announceNew(
              tx,
              { workspaceId, caseId, side },
              doc,
              written.filter((w) => w.inserted).map((w) => w.activityId),
            );
          });
        }
      },
    },
    log,
  );
}

/**
 * `activity.created` for entries seen for the first time. A team entry shared
 * with guests is copied into the shared document under the same id (and
 * recorded in shared_items): that copy is not news, a guest's own note is.
 */
async function announceNew(tx: Db, where: { workspaceId: string; caseId: string; side: DocSide }, doc: Y.Doc, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const copies = new Set(where.side === 'shared' ? (await listSharedItems(tx, where.caseId, ids)).map((r) => r.activityId) : []);
  const moved = await movedHere(tx, where.caseId, ids);
  const events = ids.flatMap((id) => {
    const entry = copies.has(id) || moved.has(id) ? null : readActivity(doc, id);
    return entry ? [activityCreated(where.workspaceId, where.caseId, where.side, id, entry, entry.body ? fragmentText(entry.body) : '')] : [];
  });
  await emitWebhookEvents(tx, events);
}

/**
 * Entries that came from another case (a merge, its undo, a split: issue 17.5) were announced
 * there already: their row is still indexed under that case, or a merge into or out of this
 * case recorded their ids.
 */
async function movedHere(tx: Db, caseId: string, ids: string[]): Promise<Set<string>> {
  const list = sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  );
  const result = await tx.execute(sql`
    select a.id from unnest(array[${list}]::text[]) as a(id)
    where exists (select 1 from ${activityIndex} i where i.activity_id = a.id and i.case_id <> ${caseId})
       or exists (
         select 1 from ${caseMerges} m
         where (m.into_case_id = ${caseId} or m.from_case_id = ${caseId})
           and (m.moved->'team'->'activity' @> jsonb_build_array(a.id) or m.moved->'shared'->'activity' @> jsonb_build_array(a.id))
       )`);
  return new Set(rowsOf<{ id: string }>(result).map((r) => r.id));
}

type SharedOpens = Map<string, { kind: SharedItemKind; itemId: string }>;

async function sharedOpens(db: Db, caseId: string, ids: string[]): Promise<SharedOpens> {
  const out: SharedOpens = new Map();
  for (let i = 0; i < ids.length; i += 1000) {
    for (const r of await listSharedItems(db, caseId, ids.slice(i, i + 1000))) out.set(r.activityId, { kind: r.kind, itemId: r.itemId });
  }
  return out;
}

/** The id the entry names, if the team shared that very email or file under this entry; else none. */
function trusted(opens: SharedOpens, activityId: string, kind: 'email' | 'file', named: string | undefined): string | undefined {
  const row = opens.get(activityId);
  return row && row.kind === kind && row.itemId === named ? named : undefined;
}
