import * as Y from 'yjs';
import { addActivity, type ActivityEntry } from './activity.js';
import { activityMap, expectationsMap, milestonesMap, planFragment } from './document.js';

/**
 * The collections whose items move whole from one case to another (issue
 * 17.5, merge and split): stream entries, promises, and the mutual plan's
 * steps. Items keep their ids, which are unique across the workspace.
 */
export const movableCollections = ['activity', 'expectations', 'milestones'] as const;
export type MovableCollection = (typeof movableCollections)[number];

const collection = (doc: Y.Doc, which: MovableCollection): Y.Map<Y.Map<unknown>> =>
  which === 'activity' ? activityMap(doc) : which === 'expectations' ? expectationsMap(doc) : milestonesMap(doc);

/** An item copied out of a document, ready to be put into another (a deep copy: a note's body comes too). */
export type MovedItem = { id: string; item: Y.Map<unknown> };

/**
 * Deep copies of items of a collection (every item when `ids` is absent,
 * deleted stream entries included, so Undo of a delete still works after a
 * move). The copies belong to no document and may be put into one once.
 */
export function copyItems(doc: Y.Doc, which: MovableCollection, ids?: Iterable<string>): MovedItem[] {
  const map = collection(doc, which);
  const wanted = ids ? [...new Set(ids)] : [...map.keys()];
  const out: MovedItem[] = [];
  for (const id of wanted) {
    const item = map.get(id);
    if (item instanceof Y.Map) out.push({ id, item: item.clone() });
  }
  return out;
}

/** Puts copied items into a document under their ids; an id it already holds is left as it is. The ids put. */
export function putItems(doc: Y.Doc, which: MovableCollection, items: MovedItem[]): string[] {
  const map = collection(doc, which);
  const put: string[] = [];
  doc.transact(() => {
    for (const { id, item } of items) {
      if (map.has(id)) continue;
      map.set(id, item);
      put.push(id);
    }
  });
  return put;
}

/** Removes items from a collection; the ids that were there. */
export function removeItems(doc: Y.Doc, which: MovableCollection, ids: Iterable<string>): string[] {
  const map = collection(doc, which);
  const removed: string[] = [];
  doc.transact(() => {
    for (const id of ids) {
      if (!map.has(id)) continue;
      map.delete(id);
      removed.push(id);
    }
  });
  return removed;
}

/** The ids a collection holds (stream entries: deleted ones too). */
export function itemIds(doc: Y.Doc, which: MovableCollection): string[] {
  return [...collection(doc, which).keys()];
}

/** Whether the plan holds anything (a merge keeps a non-empty plan of the duplicate as a note). */
export function planIsEmpty(doc: Y.Doc): boolean {
  return planFragment(doc).length === 0;
}

/**
 * Adds a note whose body is a copy of another document's plan: what a merge
 * keeps of the duplicate's plan, in the surviving case's stream.
 */
export function addPlanAsNote(from: Y.Doc, to: Y.Doc, id: string, entry: Omit<ActivityEntry, 'kind'>): void {
  const nodes = planFragment(from)
    .toArray()
    .flatMap((node) => (node instanceof Y.XmlElement || node instanceof Y.XmlText ? [node.clone()] : []));
  addActivity(to, id, { ...entry, kind: 'note' }, (body) => body.insert(0, nodes));
}
