import * as Y from 'yjs';
import type { DecodedUpdate } from './protocol.js';

/**
 * [S15] Documents nest no deeper than `maxNesting` types.
 *
 * Yjs itself stores any depth, but walking a document recurses: version
 * capture, `toString`, `clone`, `toJSON`, y-prosemirror in every browser. A
 * 100 KB update nesting paragraphs 5,000 deep overflowed the stack at the
 * next capture and killed the process, and stayed in the document after a
 * restart. Tiptap needs far less: a list item is three levels (list, item,
 * paragraph), so a list nested 20 deep inside a note body (activity map,
 * entry map, body fragment) is about 65. The limit leaves room for that and
 * refuses what no editor makes.
 */
export const maxNesting = 128;

/** Any shared type, as a document holds it. */
type SharedType = ReturnType<Y.Doc['get']>;

/** Items of one update with the depth of the type each sits in, sorted by client and clock. */
export type Spans = Array<{ client: number; clock: number; length: number; depth: number }>;

/**
 * Depths of the items of updates checked but not applied yet: a client's
 * next update often builds on its previous one while that is still being
 * committed (S2), and must not count as built on the unknown.
 */
export class UnappliedDepths {
  private readonly updates = new Set<Spans>();

  add(spans: Spans): void {
    if (spans.length > 0) this.updates.add(spans);
  }

  delete(spans: Spans): void {
    this.updates.delete(spans);
  }

  depthOf(id: Y.ID): number | undefined {
    for (const spans of this.updates) {
      const span = findSpan(spans, id);
      if (span) return span.depth;
    }
    return undefined;
  }
}

/** The span holding `id`, in spans sorted by client then clock. */
function findSpan(spans: Spans, id: Y.ID): Spans[number] | undefined {
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const span = spans[mid];
    if (!span) break;
    if (id.client !== span.client) {
      if (id.client < span.client) hi = mid - 1;
      else lo = mid + 1;
    } else if (id.clock < span.clock) hi = mid - 1;
    else if (id.clock >= span.clock + span.length) lo = mid + 1;
    else return span;
  }
  return undefined;
}

/**
 * The deepest type an update would create, counted from the root (a root's
 * children are at depth 1). Items the update builds on are looked up in the
 * update itself, then in `doc`; `uncertain` is set when one is in neither
 * (it may still be on its way: the check is then repeated once it is
 * applied, see `findTooDeep`). Iterative: the update may be hostile.
 */
export function updateNesting(decoded: DecodedUpdate, doc: Y.Doc, unapplied?: UnappliedDepths): { depth: number; uncertain: boolean; spans: Spans } {
  const byClient = new Map<number, Y.Item[]>();
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue;
    let list = byClient.get(struct.id.client);
    if (!list) byClient.set(struct.id.client, (list = []));
    list.push(struct);
  }
  // Depth of the type an item sits in (0: a root), per item of the update.
  const memo = new Map<Y.Item, number>();
  let uncertain = false;
  const elsewhere = (id: Y.ID): number | undefined => {
    const item = findInDoc(doc, id);
    if (!item) return unapplied?.depthOf(id);
    let depth = 0;
    for (let parent = item.parent; parent instanceof Y.AbstractType && parent._item; parent = parent._item.parent) {
      if (++depth > maxNesting) break;
    }
    return depth;
  };
  const findInUpdate = (id: Y.ID): Y.Item | undefined => {
    const list = byClient.get(id.client);
    if (!list) return undefined;
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const it = list[mid];
      if (!it) break;
      if (id.clock < it.id.clock) hi = mid - 1;
      else if (id.clock >= it.id.clock + it.length) lo = mid + 1;
      else return it;
    }
    return undefined;
  };

  /** Where an item's container comes from: a root, a parent item, or a sibling (origin) whose container it shares. */
  const step = (item: Y.Item): { known: number } | { via: Y.Item; add: number } => {
    const parent: unknown = item.parent;
    if (typeof parent === 'string') return { known: 0 };
    const ref = parent instanceof Y.ID ? parent : (item.origin ?? item.rightOrigin);
    const add = parent instanceof Y.ID ? 1 : 0;
    if (!ref) return { known: 0 };
    const local = findInUpdate(ref);
    if (local) return local === item ? { known: 0 } : { via: local, add };
    const stored = elsewhere(ref);
    if (stored === undefined) {
      uncertain = true;
      return { known: add };
    }
    return { known: stored + add };
  };

  let deepest = 0;
  const noteDepth = (item: Y.Item): void => {
    const depth = (memo.get(item) ?? 0) + (item.content instanceof Y.ContentType ? 1 : 0);
    if (depth > deepest) deepest = depth;
  };
  for (const list of byClient.values()) {
    for (const start of list) {
      if (memo.has(start)) continue;
      // Follow the chain up to something known, then fill the memo on the way back.
      const chain: Array<{ item: Y.Item; add: number }> = [];
      let known: number | undefined;
      let current: Y.Item | undefined = start;
      while (current && known === undefined) {
        known = memo.get(current);
        if (known !== undefined) break;
        const next = step(current);
        if ('known' in next) {
          memo.set(current, next.known);
          known = next.known;
          noteDepth(current);
          break;
        }
        // Each link's container is `add` deeper than the one of the item it leads to.
        chain.push({ item: current, add: next.add });
        // A cycle is not a valid update; Yjs would never integrate it.
        if (chain.length > decoded.structs.length) break;
        current = next.via;
      }
      let depth = known ?? 0;
      for (let i = chain.length - 1; i >= 0; i--) {
        const link = chain[i];
        if (!link) continue;
        depth += link.add;
        memo.set(link.item, depth);
        noteDepth(link.item);
      }
    }
  }
  const spans: Spans = [];
  for (const [item, depth] of memo) spans.push({ client: item.id.client, clock: item.id.clock, length: item.length, depth });
  spans.sort((a, b) => a.client - b.client || a.clock - b.clock);
  return { depth: deepest, uncertain, spans };
}

function findInDoc(doc: Y.Doc, id: Y.ID): Y.Item | undefined {
  const structs = doc.store.clients.get(id.client);
  if (!structs || structs.length === 0) return undefined;
  const last = structs[structs.length - 1];
  if (!last || id.clock >= last.id.clock + last.length) return undefined;
  try {
    const struct = Y.getItem(doc.store, id);
    return struct instanceof Y.Item ? struct : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Types nested past `maxNesting` in a whole document, found without
 * recursion: the deepest allowed types' child types, which a repair deletes.
 */
export function findTooDeep(doc: Y.Doc): Y.Item[] {
  const found: Y.Item[] = [];
  const stack: Array<{ type: SharedType; depth: number }> = [];
  for (const type of doc.share.values()) stack.push({ type, depth: 0 });
  const visit = (child: Y.Item, depth: number): void => {
    if (child.deleted || !(child.content instanceof Y.ContentType)) return;
    if (depth > maxNesting) found.push(child);
    else stack.push({ type: child.content.type, depth });
  };
  // Plain loops over the type's list and map, not a generator: this walks every item of a document at each load.
  for (let next = stack.pop(); next; next = stack.pop()) {
    for (let item = next.type._start; item; item = item.right) visit(item, next.depth + 1);
    for (const item of next.type._map.values()) visit(item, next.depth + 1);
  }
  return found;
}

/** Deletes types nested too deep; returns how many. The caller stores the change (it is an ordinary update). */
export function dropTooDeep(doc: Y.Doc, origin: unknown): number {
  const tooDeep = findTooDeep(doc);
  if (tooDeep.length > 0) doc.transact((tr) => tooDeep.forEach((item) => item.delete(tr)), origin);
  return tooDeep.length;
}
