import { docName, fieldsMap, parseDocName, readFields, sharedFieldNames, writeFields, type CaseFieldsPatch } from '@casehub/case-document';
import type { Logger } from 'pino';
import type * as Y from 'yjs';
import { Debouncer, type SyncExtension } from '../../sync/extension.js';
import type { RoomManager } from '../../sync/rooms.js';

/**
 * Mirrors the guest-visible fields (title, kind, stage, close date) from a
 * case's team document into its shared document, shortly after they change.
 * Only changed values are written, so an unrelated team edit costs nothing.
 */
export class SharedFieldsMirror implements SyncExtension {
  readonly name = 'shared fields mirror';
  private readonly fieldsChanged = new WeakSet<Y.Doc>();
  private readonly mirrors: Debouncer;

  constructor(
    private readonly rooms: RoomManager,
    private readonly log: Logger,
    delayMs = 300,
  ) {
    this.mirrors = new Debouncer(delayMs, (err, caseId) => this.log.error({ err, caseId }, 'shared fields mirror failed'));
  }

  /** The on-loaded hook: only a change of the team's fields can need mirroring. */
  readonly onLoaded = (name: string, doc: Y.Doc): void => {
    if (parseDocName(name)?.side !== 'team') return;
    fieldsMap(doc).observe(() => this.fieldsChanged.add(doc));
  };

  readonly afterCommit = (name: string, doc: Y.Doc): void => {
    const parsed = parseDocName(name);
    if (!parsed || parsed.side !== 'team' || !this.fieldsChanged.has(doc) || this.mirrors.isPending(parsed.caseId)) return;
    this.fieldsChanged.delete(doc);
    this.mirrors.schedule(parsed.caseId, () => this.mirror(parsed.caseId, doc));
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

  /** Mirrors everything still waiting, now (a clean shutdown runs this while documents still take changes). */
  flush(): Promise<void> {
    return this.mirrors.flush();
  }
}
