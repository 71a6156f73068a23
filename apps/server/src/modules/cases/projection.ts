import { fieldsMap, parseDocName, readCustomValues, readFields, sameCustomValue, sharedFieldNames } from '@casehub/case-document';
import { fittingCustomValues } from '@casehub/contract';
import type { Logger } from 'pino';
import type * as Y from 'yjs';
import type { Db } from '../../storage/db.js';
import { Debouncer, type SyncExtension } from '../../sync/extension.js';
import { emitWebhookEvent } from '../webhooks/events.js';
import { caseUpdated, pickFields } from '../webhooks/payloads.js';
import { insertFieldChanges } from '../visits/repo.js';
import { listCustomFields } from '../custom-fields/repo.js';
import { findCaseRow, findCaseWorkspaceId, isMemberOfCaseWorkspace, touchCases, updateCaseProjection } from './repo.js';

/** How often edits that are not field changes move a case's `updated_at`. */
const touchEveryMs = 60_000;
/** Touches gathered over this long go in one statement (many cases waking at once cost one query). */
const touchBatchMs = 1000;

/**
 * Keeps the case index (the `cases` table) current from each case's team
 * document. Only a change of `fields` rewrites the row, at most once per
 * `delayMs` per case, from the latest state; other edits (the plan, notes)
 * only move `updated_at`, at most once a minute per case and in one statement
 * for all cases touched within a second, so typing costs no query.
 */
export class CaseProjector implements SyncExtension {
  readonly name = 'case index';
  private readonly projections: Debouncer;
  private readonly touches: Debouncer;
  private readonly fieldsChanged = new WeakSet<Y.Doc>();
  private readonly touchedAt = new Map<string, number>();
  private readonly toTouch = new Set<string>();

  /** The on-loaded hook: notes when a document's fields change. */
  readonly onLoaded = (docName: string, doc: Y.Doc): void => {
    if (parseDocName(docName)?.side !== 'team') return;
    fieldsMap(doc).observe(() => this.fieldsChanged.add(doc));
  };

  private readonly announce: boolean;

  /** `announce: false` writes rows without webhook events: a rebuild restores the index, it changes no case (see rebuild.ts). */
  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    { delayMs = 250, announce = true }: { delayMs?: number; announce?: boolean } = {},
  ) {
    this.announce = announce;
    this.projections = new Debouncer(delayMs, (err, caseId) => this.log.error({ err, caseId }, 'case projection failed'));
    this.touches = new Debouncer(touchBatchMs, (err) => this.log.error({ err }, 'case touch failed'));
  }

  /** The after-commit hook for the room manager. */
  readonly afterCommit = (docName: string, doc: Y.Doc): void => {
    const parsed = parseDocName(docName);
    if (!parsed || parsed.side !== 'team') return;
    if (!this.fieldsChanged.has(doc)) {
      this.touch(parsed.caseId);
      return;
    }
    this.fieldsChanged.delete(doc);
    // Scheduling again within the delay only swaps in the latest document.
    this.projections.schedule(parsed.caseId, () => this.project(parsed.caseId, doc));
  };

  /** Projects one case now, from the given document. */
  async project(caseId: string, doc: Y.Doc): Promise<void> {
    this.projections.cancel(caseId);
    const f = readFields(doc);
    // An owner written into the document over /sync skipped PATCH's check: a user of another workspace,
    // or a guest, is not recorded as the owner (issue 20.11), so lists, routing and notifications never name them.
    const ownerId = f.ownerId && (await isMemberOfCaseWorkspace(this.db, caseId, f.ownerId)) ? f.ownerId : null;
    // [issue 17.3] Custom values that fit their definitions; one written in a bad shape over /sync is left out.
    const workspaceId = await findCaseWorkspaceId(this.db, caseId);
    const defs = workspaceId ? await listCustomFields(this.db, workspaceId) : [];
    const custom = f.kind ? fittingCustomValues(defs, f.kind, readCustomValues(doc)) : undefined;
    await this.write(caseId, {
      custom,
      title: f.title,
      kind: f.kind,
      stage: f.stage,
      priority: f.priority,
      ownerId,
      account: f.account,
      value: f.value,
      currency: f.currency,
      closeDate: f.closeDate,
    });
  }

  /** [issue 16.1] The row, and in the same commit `case.updated` for webhooks when a field really changed. */
  private async write(caseId: string, values: Parameters<typeof updateCaseProjection>[2]): Promise<void> {
    await this.db.transaction(async (tx) => {
      const before = await findCaseRow(tx, caseId);
      await updateCaseProjection(tx, caseId, values);
      if (!before || !this.announce) return;
      const { custom, ...builtIn } = values;
      const changed = (Object.keys(builtIn) as Array<keyof typeof builtIn>).filter((k) => builtIn[k] !== undefined && builtIn[k] !== before[k]);
      const customChanged = custom !== undefined && !sameCustomValue(custom, before.custom);
      if (changed.length === 0 && !customChanged) return;
      await emitWebhookEvent(
        tx,
        caseUpdated(before, { ...pickFields(before), ...builtIn }, customChanged ? [...changed, 'custom'] : changed, custom ?? before.custom),
      );
      if (changed.length === 0) return;
      // [issue 15.6] "Since you were last here" reads them; guests only those of the fields they see.
      await insertFieldChanges(
        tx,
        caseId,
        changed.map((field) => ({
          field,
          before: asText(before[field]),
          after: asText(builtIn[field]),
          shared: (sharedFieldNames as readonly string[]).includes(field),
        })),
      );
    });
  }

  private touch(caseId: string): void {
    const now = Date.now();
    if (now - (this.touchedAt.get(caseId) ?? 0) < touchEveryMs) return;
    this.touchedAt.set(caseId, now);
    if (this.touchedAt.size > 10_000) this.touchedAt.clear();
    this.toTouch.add(caseId);
    this.touches.schedule('touch', () => this.touchNow());
  }

  /** Every case touched within a second, in one statement. */
  private async touchNow(): Promise<void> {
    const ids = [...this.toTouch];
    this.toTouch.clear();
    if (ids.length > 0) await touchCases(this.db, ids);
  }

  /** Writes everything still waiting (shutdown). */
  async flush(): Promise<void> {
    await this.projections.flush();
    await this.touches.flush();
  }
}

const asText = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));
