import { activityMap, fragmentText, parseDocName, readActivity } from '@casehub/case-document';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type * as Y from 'yjs';
import type { Db } from '../../storage/db.js';
import { activityIndex, cases } from '../../storage/schema.js';

/**
 * Keeps `activity_index` (search and reporting) current from the case
 * documents. Each loaded document is observed from the moment it loads; the
 * ids of changed entries are collected and written shortly after their commit.
 * `rebuild` recomputes a whole document's rows.
 */
export class ActivityProjector {
  private readonly dirty = new Map<string, { doc: Y.Doc; ids: Set<string>; timer: NodeJS.Timeout | undefined }>();
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    private readonly delayMs = 250,
  ) {}

  readonly onLoaded = (docName: string, doc: Y.Doc): void => {
    if (!parseDocName(docName)) return;
    activityMap(doc).observeDeep((events) => {
      const state = this.state(docName, doc);
      for (const event of events) {
        const first = event.path[0];
        if (typeof first === 'string') state.ids.add(first);
        else for (const key of event.keys.keys()) state.ids.add(key);
      }
    });
  };

  readonly afterCommit = (docName: string): void => {
    const state = this.dirty.get(docName);
    if (!state || state.ids.size === 0 || state.timer) return;
    state.timer = setTimeout(() => this.run(docName), this.delayMs);
  };

  /** Writes what is waiting for one document now (after a server-side change the caller waits on). */
  async flushDoc(docName: string): Promise<void> {
    const state = this.dirty.get(docName);
    if (!state) return;
    if (state.timer) clearTimeout(state.timer);
    state.timer = undefined;
    const ids = [...state.ids];
    state.ids.clear();
    // Nothing waits any more: forget the document (its observer re-adds it on change).
    this.dirty.delete(docName);
    if (ids.length > 0) await this.write(docName, state.doc, ids);
  }

  async flush(): Promise<void> {
    for (const name of [...this.dirty.keys()]) this.run(name);
    await Promise.allSettled([...this.running]);
  }

  /** Recomputes every row of one document (the projection can always be rebuilt). */
  async rebuild(docName: string, doc: Y.Doc): Promise<void> {
    const parsed = parseDocName(docName);
    if (!parsed) return;
    await this.db.delete(activityIndex).where(and(eq(activityIndex.caseId, parsed.caseId), eq(activityIndex.side, parsed.side)));
    await this.write(docName, doc, [...activityMap(doc).keys()]);
  }

  private state(docName: string, doc: Y.Doc) {
    let state = this.dirty.get(docName);
    if (!state || state.doc !== doc) {
      state = { doc, ids: new Set(), timer: undefined };
      this.dirty.set(docName, state);
    }
    return state;
  }

  private run(docName: string): void {
    const job = this.flushDoc(docName).catch((err: unknown) => this.log.error({ err, doc: docName }, 'activity projection failed'));
    this.running.add(job);
    void job.finally(() => this.running.delete(job));
  }

  private async write(docName: string, doc: Y.Doc, ids: string[]): Promise<void> {
    const parsed = parseDocName(docName);
    if (!parsed) return;
    const [owner] = await this.db.select({ workspaceId: cases.workspaceId }).from(cases).where(eq(cases.id, parsed.caseId));
    if (!owner) return;
    const rows: Array<typeof activityIndex.$inferInsert> = [];
    const gone: string[] = [];
    for (const id of ids) {
      const entry = readActivity(doc, id);
      if (!entry) {
        gone.push(id);
        continue;
      }
      rows.push({
        caseId: parsed.caseId,
        activityId: id,
        side: parsed.side,
        workspaceId: owner.workspaceId,
        kind: entry.kind,
        at: new Date(entry.at),
        actorId: entry.actorId,
        summary: entry.summary,
        bodyText: entry.body ? fragmentText(entry.body).slice(0, 200_000) : '',
        emailId: entry.emailId ?? null,
        fileId: entry.fileId ?? null,
      });
    }
    if (gone.length > 0) {
      await this.db
        .delete(activityIndex)
        .where(and(eq(activityIndex.caseId, parsed.caseId), eq(activityIndex.side, parsed.side), inArray(activityIndex.activityId, gone)));
    }
    for (let i = 0; i < rows.length; i += 500) {
      await this.db
        .insert(activityIndex)
        .values(rows.slice(i, i + 500))
        .onConflictDoUpdate({
          target: [activityIndex.caseId, activityIndex.side, activityIndex.activityId],
          set: {
            kind: sql`excluded.kind`,
            at: sql`excluded.at`,
            actorId: sql`excluded.actor_id`,
            summary: sql`excluded.summary`,
            bodyText: sql`excluded.body_text`,
            emailId: sql`excluded.email_id`,
            fileId: sql`excluded.file_id`,
          },
        });
    }
  }
}
