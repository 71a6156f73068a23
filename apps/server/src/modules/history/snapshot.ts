import { buildDocument, cloneFragmentChildren, fragmentText, planFragment, replaceFragmentContent, scratchDoc } from '@casehub/case-document';
import * as Y from 'yjs';

/**
 * A version's stored form: a standalone document whose `plan` fragment holds
 * a deep copy of the text. It carries none of the live document's history,
 * so it can be shown and restored on its own, whatever happened since.
 */
export function encodeVersion(fragment: Y.XmlFragment): Uint8Array {
  return buildDocument((doc) => planFragment(doc).insert(0, cloneFragmentChildren(fragment)));
}

/** The fragment of a stored version, in a document the caller must destroy. */
export function decodeVersion(state: Uint8Array): { doc: Y.Doc; fragment: Y.XmlFragment } {
  const doc = scratchDoc();
  Y.applyUpdate(doc, state);
  return { doc, fragment: planFragment(doc) };
}

/** Restores a version into a live fragment (see `replaceFragmentContent`). */
export const restoreInto = (target: Y.XmlFragment, version: Y.XmlFragment, origin?: unknown): void => replaceFragmentContent(target, version, origin);

/** What a version is compared by: the XML form keeps structure and marks, unlike the plain text. */
export const contentKey = (fragment: Y.XmlFragment): string => fragment.toString();

export const plainText = (fragment: Y.XmlFragment): string => fragmentText(fragment);
