import { buildDocument, fragmentText, planFragment } from '@casehub/case-document';
import * as Y from 'yjs';

/**
 * A version's stored form: a standalone document whose `plan` fragment holds
 * a deep copy of the text. It carries none of the live document's history,
 * so it can be shown and restored on its own, whatever happened since.
 */
export function encodeVersion(fragment: Y.XmlFragment): Uint8Array {
  return buildDocument((doc) => planFragment(doc).insert(0, cloneChildren(fragment)));
}

/** The fragment of a stored version, in a document the caller must destroy. */
export function decodeVersion(state: Uint8Array): { doc: Y.Doc; fragment: Y.XmlFragment } {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return { doc, fragment: planFragment(doc) };
}

/** Deep copies of a fragment's children, ready to insert elsewhere. */
export function cloneChildren(fragment: Y.XmlFragment): Array<Y.XmlElement | Y.XmlText> {
  return fragment.toArray().flatMap((node) => (node instanceof Y.XmlElement || node instanceof Y.XmlText ? [node.clone()] : []));
}

/**
 * Replaces a fragment's content with a version's, in one transaction: a new
 * change on top of the history, never a rewrite of it. The web client does
 * the same inside the live document with its editor's origin, so the
 * restorer's undo brings the newer text back.
 */
export function restoreInto(target: Y.XmlFragment, version: Y.XmlFragment, origin?: unknown): void {
  const apply = (): void => {
    if (target.length > 0) target.delete(0, target.length);
    target.insert(0, cloneChildren(version));
  };
  if (target.doc) target.doc.transact(apply, origin);
  else apply();
}

/** What a version is compared by: the XML form keeps structure and marks, unlike the plain text. */
export const contentKey = (fragment: Y.XmlFragment): string => fragment.toString();

export const plainText = (fragment: Y.XmlFragment): string => fragmentText(fragment);
