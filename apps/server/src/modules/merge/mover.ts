import { copyItems, docName, itemIds, putItems, removeItems, type DocSide, type MovableCollection } from '@casehub/case-document';
import * as Y from 'yjs';
import type { Deps } from '../../deps.js';
import type { AlsoWrite } from '../../sync/room.js';

/** Ids of the items of one document that moved, by collection. */
export type SideIds = Record<MovableCollection, string[]>;
export const collections: readonly MovableCollection[] = ['activity', 'expectations', 'milestones'];
export const emptySide = (): SideIds => ({ activity: [], expectations: [], milestones: [] });

export type MoveSideOptions = {
  /** Relational rows that follow the items, committed with the copy into the target. */
  alsoWrite?: AlsoWrite;
  /** More changes to the target with the copy (a system entry; `source` is a copy of the source document). */
  extraTo?: (target: Y.Doc, source: Y.Doc) => void;
  /** More changes to the source with the removal. */
  extraFrom?: (source: Y.Doc) => void;
  /** Filled with the moved ids before `alsoWrite` runs (so it can record them); also the answer. */
  record?: SideIds;
};

/**
 * Moves items of one side's document to the same side of another case, as
 * server changes (DESIGN §4: committed before the request is answered, then
 * broadcast and projected like any edit). The copy is committed into the
 * target first, then taken out of the source: a crash in between leaves the
 * items in both, never in neither. `ids` 'all' takes every item. Answers
 * the ids that are now on the target and no longer on the source.
 */
export function createSideMover({ rooms }: Pick<Deps, 'rooms'>) {
  return async function moveSide(
    from: string,
    to: string,
    side: DocSide,
    ids: Partial<Record<MovableCollection, readonly string[]>> | 'all',
    opts: MoveSideOptions = {},
  ): Promise<SideIds> {
    const fromName = docName(from, side);
    const room = await rooms.acquire(fromName);
    const copies = new Map<MovableCollection, ReturnType<typeof copyItems>>();
    const source = new Y.Doc();
    try {
      for (const c of collections) {
        const wanted = ids === 'all' ? undefined : ids[c];
        if (ids !== 'all' && (wanted === undefined || wanted.length === 0)) continue;
        copies.set(c, copyItems(room.doc, c, wanted));
      }
      if (opts.extraTo) Y.applyUpdate(source, Y.encodeStateAsUpdate(room.doc));
    } finally {
      rooms.release(room);
    }
    const moved = opts.record ?? emptySide();
    try {
      await rooms.change(
        docName(to, side),
        (doc) => {
          for (const [c, items] of copies) {
            putItems(doc, c, items);
            const held = new Set(itemIds(doc, c));
            moved[c] = items.map((i) => i.id).filter((id) => held.has(id));
          }
          opts.extraTo?.(doc, source);
        },
        opts.alsoWrite,
      );
    } finally {
      source.destroy();
    }
    await rooms.change(fromName, (doc) => {
      for (const c of collections) removeItems(doc, c, moved[c]);
      opts.extraFrom?.(doc);
    });
    return moved;
  };
}
