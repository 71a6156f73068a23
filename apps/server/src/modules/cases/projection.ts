import { parseDocName, readFields } from '@casehub/case-document';
import type { Logger } from 'pino';
import type * as Y from 'yjs';
import type { Db } from '../../storage/db.js';
import { updateCaseProjection } from './repo.js';

/**
 * Keeps the case index (the `cases` table) current from each case's team
 * document. Keystrokes arrive many times a second; the index is written at
 * most once per `delayMs` per case, from the latest state.
 */
export class CaseProjector {
  private readonly timers = new Map<string, { timer: NodeJS.Timeout; doc: Y.Doc }>();
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    private readonly delayMs = 250,
  ) {}

  /** The after-commit hook for the room manager. */
  readonly afterCommit = (docName: string, doc: Y.Doc): void => {
    const parsed = parseDocName(docName);
    if (!parsed || parsed.side !== 'team') return;
    const existing = this.timers.get(parsed.caseId);
    if (existing) {
      existing.doc = doc;
      return;
    }
    const timer = setTimeout(() => this.run(parsed.caseId), this.delayMs);
    this.timers.set(parsed.caseId, { timer, doc });
  };

  /** Projects one case now, from the given document. */
  async project(caseId: string, doc: Y.Doc): Promise<void> {
    const pending = this.timers.get(caseId);
    if (pending) {
      clearTimeout(pending.timer);
      this.timers.delete(caseId);
    }
    const f = readFields(doc);
    await updateCaseProjection(this.db, caseId, {
      title: f.title,
      kind: f.kind,
      stage: f.stage,
      priority: f.priority,
      ownerId: f.ownerId,
      account: f.account,
      value: f.value,
      currency: f.currency,
      closeDate: f.closeDate,
    });
  }

  /** Writes everything still waiting (shutdown). */
  async flush(): Promise<void> {
    for (const caseId of [...this.timers.keys()]) this.run(caseId);
    await Promise.allSettled([...this.running]);
  }

  private run(caseId: string): void {
    const pending = this.timers.get(caseId);
    if (!pending) return;
    const job = this.project(caseId, pending.doc).catch((err: unknown) =>
      this.log.error({ err, caseId }, 'case projection failed'),
    );
    this.running.add(job);
    void job.finally(() => this.running.delete(job));
  }
}
