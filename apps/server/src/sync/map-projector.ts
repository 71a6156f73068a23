import { parseDocName, type DocSide } from '@casehub/case-document';
import type { Logger } from 'pino';
import type * as Y from 'yjs';
import { Debouncer, type SyncExtension } from './extension.js';

/** Where the rows of one projected document go. */
export type MapProjection<V> = {
  /** For logs: what the rows are ("activity index"). */
  name: string;
  /** The top-level map whose entries are projected (activity, expectations). */
  map(doc: Y.Doc): Y.Map<V>;
  /** Writes (or deletes) the rows of the given entry ids. */
  write(target: { caseId: string; side: DocSide; docName: string }, doc: Y.Doc, ids: string[]): Promise<void>;
};

/**
 * Keeps a table current from one top-level map of each case document. Each
 * loaded document is observed from the moment it loads; the ids of changed
 * entries are collected and written shortly after their commit, once per
 * burst of changes. A sync extension (`RoomManager.use`).
 */
export class MapProjector<V = unknown> implements SyncExtension {
  readonly name: string;
  private readonly dirty = new Map<string, { doc: Y.Doc; ids: Set<string> }>();
  private readonly writes: Debouncer;

  constructor(
    private readonly projection: MapProjection<V>,
    private readonly log: Logger,
    delayMs = 250,
  ) {
    this.name = projection.name;
    this.writes = new Debouncer(delayMs, (err, docName) => this.log.error({ err, doc: docName }, 'projection failed'));
  }

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
    if (!state || state.ids.size === 0 || this.writes.isPending(docName)) return;
    this.writes.schedule(docName, () => this.writeDirty(docName));
  };

  /** Writes what is waiting for one document now (after a server-side change the caller waits on). */
  async flushDoc(docName: string): Promise<void> {
    this.writes.cancel(docName);
    await this.writes.run(docName, () => this.writeDirty(docName));
  }

  async flush(): Promise<void> {
    for (const name of [...this.dirty.keys()]) this.writes.schedule(name, () => this.writeDirty(name));
    await this.writes.flush();
  }

  private async writeDirty(docName: string): Promise<void> {
    const state = this.dirty.get(docName);
    if (!state) return;
    // Nothing waits any more: forget the document (its observer re-adds it on change).
    this.dirty.delete(docName);
    const ids = [...state.ids];
    const parsed = parseDocName(docName);
    if (parsed && ids.length > 0) await this.projection.write({ ...parsed, docName }, state.doc, ids);
  }

  private state(docName: string, doc: Y.Doc) {
    let state = this.dirty.get(docName);
    if (!state || state.doc !== doc) {
      state = { doc, ids: new Set() };
      this.dirty.set(docName, state);
    }
    return state;
  }
}
