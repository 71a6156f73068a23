import * as Y from 'yjs';

/** Deep copies of a fragment's children, ready to insert into another fragment or document. */
export function cloneFragmentChildren(fragment: Y.XmlFragment): Array<Y.XmlElement | Y.XmlText> {
  return fragment.toArray().flatMap((node) => (node instanceof Y.XmlElement || node instanceof Y.XmlText ? [node.clone()] : []));
}

/**
 * Replaces a fragment's content with copies of another's, in one transaction
 * (restoring a version). It is a new change on top of the history, never a
 * rewrite of it; with an editor's origin, that editor's undo takes it back.
 */
export function replaceFragmentContent(target: Y.XmlFragment, source: Y.XmlFragment, origin?: unknown): void {
  const apply = (): void => {
    if (target.length > 0) target.delete(0, target.length);
    target.insert(0, cloneFragmentChildren(source));
  };
  if (target.doc) target.doc.transact(apply, origin);
  else apply();
}
