import { docName, fieldsMap, parseDocName, readFields, sharedFieldNames, writeFields, type CaseFieldsPatch } from '@casehub/case-document';
import type { Logger } from 'pino';
import type * as Y from 'yjs';
import type { RoomManager } from '../../sync/rooms.js';

/**
 * Mirrors the guest-visible fields (title, kind, stage, close date) from a
 * case's team document into its shared document, shortly after they change.
 * Only changed values are written, so an unrelated team edit costs nothing.
 */
export class SharedFieldsMirror {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  private readonly fieldsChanged = new WeakSet<Y.Doc>();

  /** The on-loaded hook: only a change of the team's fields can need mirroring. */
  readonly onLoaded = (name: string, doc: Y.Doc): void => {
    if (parseDocName(name)?.side !== 'team') return;
    fieldsMap(doc).observe(() => this.fieldsChanged.add(doc));
  };

  constructor(
    private readonly rooms: RoomManager,
    private readonly log: Logger,
    private readonly delayMs = 300,
  ) {}

  readonly afterCommit = (name: string, doc: Y.Doc): void => {
    const parsed = parseDocName(name);
    if (!parsed || parsed.side !== 'team' || !this.fieldsChanged.has(doc) || this.timers.has(parsed.caseId)) return;
    this.fieldsChanged.delete(doc);
    const timer = setTimeout(() => {
      this.timers.delete(parsed.caseId);
      const job = this.mirror(parsed.caseId, doc).catch((err: unknown) => this.log.error({ err, caseId: parsed.caseId }, 'shared fields mirror failed'));
      this.running.add(job);
      void job.finally(() => this.running.delete(job));
    }, this.delayMs);
    this.timers.set(parsed.caseId, timer);
  };

  async mirror(caseId: string, teamDoc: Y.Doc): Promise<void> {
    const fields = readFields(teamDoc);
    const name = docName(caseId, 'shared');
    const room = await this.rooms.acquire(name);
    try {
      const current = readFields(room.doc);
      const patch: CaseFieldsPatch = {};
      for (const key of sharedFieldNames) {
        if (fields[key] !== undefined && fields[key] !== current[key]) Object.assign(patch, { [key]: fields[key] });
      }
      if (Object.keys(patch).length > 0) await this.rooms.change(name, (doc) => writeFields(doc, patch));
    } finally {
      this.rooms.release(room);
    }
  }

  async flush(): Promise<void> {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled([...this.running]);
  }
}
