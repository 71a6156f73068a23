import { parseDocName, type DocSide } from '@casehub/case-document';
import type { Logger } from 'pino';
import type * as Y from 'yjs';

/** Where the rows of one projected document go. */
export type MapProjection<V> = {
  /** The top-level map whose entries are projected (activity, expectations). */
  map(doc: Y.Doc): Y.Map<V>;
  /** Writes (or deletes) the rows of the given entry ids. */
  write(target: { caseId: string; side: DocSide; docName: string }, doc: Y.Doc, ids: string[]): Promise<void>;
};

/**
 * Keeps a table current from one top-level map of each case document. Each
 * loaded document is observed from the moment it loads; the ids of changed
 * entries are collected and written shortly after their commit, once per
 * burst of changes. Hook `onLoaded` and `afterCommit` into the RoomManager.
 */
export class MapProjector<V = unknown> {
  private readonly dirty = new Map<string, { doc: Y.Doc; ids: Set<string>; timer: NodeJS.Timeout | undefined }>();
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly projection: MapProjection<V>,
    private readonly log: Logger,
    private readonly delayMs = 250,
  ) {}

  readonly onLoaded = (docName: string, doc: Y.Doc): void => {
    if (!parseDocName(docName)) return;
    this.projection.map(doc).observeDeep((events) => {
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
    // Nothing waits any more: forget the document (its observer re-adds it on change).
    this.dirty.delete(docName);
    const ids = [...state.ids];
    if (ids.length > 0) await this.writeIds(docName, state.doc, ids);
  }

  async flush(): Promise<void> {
    for (const name of [...this.dirty.keys()]) this.run(name);
    await Promise.allSettled([...this.running]);
  }

  private async writeIds(docName: string, doc: Y.Doc, ids: string[]): Promise<void> {
    const parsed = parseDocName(docName);
    if (parsed) await this.projection.write({ ...parsed, docName }, doc, ids);
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
    const job = this.flushDoc(docName).catch((err: unknown) => this.log.error({ err, doc: docName }, 'projection failed'));
    this.running.add(job);
    void job.finally(() => this.running.delete(job));
  }
}
