import { activityMap, parseDocName, planFragment, type DocSide } from '@casehub/case-document';
import type { Logger } from 'pino';
import * as Y from 'yjs';
import { newId } from '../../lib/ids.js';
import type { Db } from '../../storage/db.js';
import type { SyncExtension } from '../../sync/extension.js';
import { decodeVersion, contentKey, encodeVersion, plainText } from './snapshot.js';
import { insertVersions, latestStates } from './repo.js';

/** Texts copied in one turn of the event loop (see `capture`). */
const copiesPerTurn = 200;

/** Changes to one text since its last version. */
type Pending = { since: number; authors: Set<string> };

type Tracked = { caseId: string; side: DocSide; doc: Y.Doc; dirty: Map<string, Pending> };

export type VersionRecorderOptions = {
  /** A text changed for this long gets a version at the next commit, even mid-session. */
  intervalMs: number;
  now?: () => number;
};

/**
 * Captures versions of the plan and of each note body. A text is marked dirty
 * by the transactions that touch it (their origin is the socket, hence the
 * author); a version is taken when the document unloads (the editing session
 * ended: its last client left, or the server stops) and, during long
 * sessions, at the first commit after `intervalMs` of changes. A text equal to
 * its last version is not stored again (an edit that was undone).
 *
 * Wired as RoomManager hooks: onLoaded, afterCommit, onUnloading.
 */
export class VersionRecorder implements SyncExtension {
  readonly name = 'version history';
  private readonly docs = new Map<string, Tracked>();
  private readonly writes = new Set<Promise<void>>();
  private readonly now: () => number;

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    private readonly opts: VersionRecorderOptions,
  ) {
    this.now = opts.now ?? Date.now;
  }

  readonly onLoaded = (docName: string, doc: Y.Doc): void => {
    const parsed = parseDocName(docName);
    if (!parsed) return;
    // Opened again before the last copy's unload captured it: its dirty texts (stored, so in this copy) carry over.
    const tracked: Tracked = { ...parsed, doc, dirty: this.docs.get(docName)?.dirty ?? new Map() };
    this.docs.set(docName, tracked);
    planFragment(doc).observeDeep((_events, tr) => this.mark(tracked, 'plan', tr));
    activityMap(doc).observeDeep((events, tr) => {
      for (const target of noteTargets(events)) this.mark(tracked, target, tr);
    });
  };

  readonly afterCommit = (docName: string): void => {
    const tracked = this.docs.get(docName);
    if (!tracked) return;
    const due = this.now() - this.opts.intervalMs;
    const targets = [...tracked.dirty].filter(([, pending]) => pending.since <= due).map(([target]) => target);
    if (targets.length > 0) this.track(this.capture(tracked, targets));
  };

  readonly onUnloading = async (docName: string, doc: Y.Doc): Promise<void> => {
    const tracked = this.docs.get(docName);
    // Opened again while its unload ran: the name is the new copy's now, and this one's marks went to it.
    if (!tracked || tracked.doc !== doc) return;
    this.docs.delete(docName);
    await this.capture(tracked, [...tracked.dirty.keys()]);
  };

  /**
   * Captures one text of a loaded document now, dirty or not (unless it
   * equals its last version): what a restore is about to replace must stay
   * findable. Resolves once stored; false when the document is not loaded here.
   */
  async checkpoint(docName: string, target: string, authorId: string): Promise<boolean> {
    const tracked = this.docs.get(docName);
    if (!tracked) return false;
    const pending = tracked.dirty.get(target) ?? { since: this.now(), authors: new Set<string>() };
    if (pending.authors.size === 0) pending.authors.add(authorId);
    tracked.dirty.set(target, pending);
    await this.capture(tracked, [target], { throwOnError: true });
    return true;
  }

  /** Resolves once every capture started so far is stored (tests). */
  async flush(): Promise<void> {
    while (this.writes.size > 0) await Promise.allSettled([...this.writes]);
  }

  private mark(tracked: Tracked, target: string, tr: Y.Transaction): void {
    if (tr.origin === 'load') return;
    let pending = tracked.dirty.get(target);
    if (!pending) {
      pending = { since: this.now(), authors: new Set() };
      tracked.dirty.set(target, pending);
    }
    const userId = actorOf(tr.origin);
    if (userId) pending.authors.add(userId);
  }

  /**
   * Copies the texts now (while the document is alive, a batch per turn), then
   * stores those that differ from their last version, in a few batched
   * queries (a document may have thousands of notes). A text's dirty mark goes
   * as it is copied, so changes made after belong to the next version.
   */
  private async capture(tracked: Tracked, targets: string[], opts: { throwOnError?: boolean } = {}): Promise<void> {
    const copies: Array<{ target: string; authors: string[]; state: Uint8Array; key: string; text: string; empty: boolean }> = [];
    for (const [i, target] of targets.entries()) {
      // Thousands of texts (an import's notes) are copied a batch per turn of the event loop, so sockets
      // (someone opening a case) are read in between. A change made meanwhile marks its text dirty again:
      // at worst it is in this version too, and the next one, equal to it, is not stored.
      if (i > 0 && i % copiesPerTurn === 0) await new Promise((resolve) => setImmediate(resolve));
      const pending = tracked.dirty.get(target);
      if (!pending) continue;
      tracked.dirty.delete(target);
      const fragment = fragmentOf(tracked.doc, target);
      if (!fragment) continue; // the note was removed
      try {
        copies.push({
          target,
          authors: [...pending.authors],
          state: encodeVersion(fragment),
          key: contentKey(fragment),
          text: plainText(fragment),
          empty: fragment.length === 0,
        });
      } catch (err) {
        // One text that cannot be copied must not cost the others their version.
        this.log.error({ err, caseId: tracked.caseId, target }, 'could not copy a text for its version');
        if (opts.throwOnError) throw err;
      }
    }
    if (copies.length === 0) return;
    try {
      const last = await latestStates(
        this.db,
        tracked.caseId,
        tracked.side,
        copies.map((c) => c.target),
      );
      const at = new Date(this.now());
      const rows = copies
        .filter((c) => {
          const previous = last.get(c.target);
          return previous ? !sameContent(previous, c.key) : !c.empty; // unchanged, or nothing yet
        })
        .map((c) => ({ id: newId(), caseId: tracked.caseId, side: tracked.side, target: c.target, at, authorIds: c.authors, state: c.state, text: c.text }));
      await insertVersions(this.db, rows);
    } catch (err) {
      this.log.error({ err, caseId: tracked.caseId, targets: copies.length }, 'could not store versions');
      if (opts.throwOnError) throw err;
    }
  }

  private track(write: Promise<void>): void {
    this.writes.add(write);
    void write.finally(() => this.writes.delete(write));
  }
}

/** The rich text a target names in a document. */
export function fragmentOf(doc: Y.Doc, target: string): Y.XmlFragment | null {
  if (target === 'plan') return planFragment(doc);
  if (!target.startsWith('note:')) return null;
  const body = activityMap(doc).get(target.slice('note:'.length))?.get('body');
  return body instanceof Y.XmlFragment ? body : null;
}

/** Note bodies touched by a batch of events on the activity map (paths are relative to it). */
function noteTargets(events: Array<Y.YEvent<Y.AbstractType<unknown>>>): Set<string> {
  const out = new Set<string>();
  for (const event of events) {
    const [id, key] = event.path;
    if (typeof id === 'string' && key === 'body') out.add(`note:${id}`);
    else if (event.path.length === 0) {
      // New entries: a note created with its text (by the server, or pasted) is a version's worth.
      for (const [id, change] of event.changes.keys) {
        if (change.action === 'add' && event.target instanceof Y.Map && event.target.get(id) instanceof Y.Map) out.add(`note:${id}`);
      }
    }
  }
  return out;
}

function sameContent(state: Uint8Array, key: string): boolean {
  const { doc, fragment } = decodeVersion(state);
  try {
    return contentKey(fragment) === key;
  } finally {
    doc.destroy();
  }
}

/** The author behind a transaction: the sync socket (a Conn) it came from. */
function actorOf(origin: unknown): string | null {
  if (typeof origin !== 'object' || origin === null || !('actor' in origin)) return null;
  const actor: unknown = origin.actor;
  if (typeof actor !== 'object' || actor === null || !('userId' in actor)) return null;
  return typeof actor.userId === 'string' ? actor.userId : null;
}
