import type { Editor } from '@tiptap/react';
import { ySyncPluginKey, yUndoPluginKey } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { planFragment, replaceFragmentContent } from '@casehub/case-document';

/** Base64 (as the API sends a version's state) to bytes. */
export function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * Restores a version inside the live document: the current content is
 * replaced in ONE transaction whose origin is the editor's own (the
 * Collaboration binding's), so everyone sees it live as a new change and the
 * restorer's undo (Ctrl+Z) brings the newer text back. Nothing is rewritten.
 * Undo capture is cut before and after, so the restore is one undo step of
 * its own, never merged with the typing just before it.
 */
export function restoreVersion(editor: Editor, target: Y.XmlFragment, state: Uint8Array): void {
  const version = new Y.Doc();
  try {
    Y.applyUpdate(version, state);
    const undo = undoManagerOf(editor);
    undo?.stopCapturing();
    replaceFragmentContent(target, planFragment(version), ySyncPluginKey);
    undo?.stopCapturing();
  } finally {
    version.destroy();
  }
}

function undoManagerOf(editor: Editor): Y.UndoManager | null {
  const state: unknown = yUndoPluginKey.getState(editor.state);
  if (typeof state !== 'object' || state === null || !('undoManager' in state)) return null;
  return state.undoManager instanceof Y.UndoManager ? state.undoManager : null;
}
