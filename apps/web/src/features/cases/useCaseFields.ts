import { useEffect, useMemo, useState } from 'react';
import * as Y from 'yjs';
import { fieldsMap, readFields, type CaseFields } from '@casehub/case-document';

/** The case fields as they are in the document right now, re-read on every change (local or remote). */
export function useCaseFields(doc: Y.Doc): Partial<CaseFields> {
  const [fields, setFields] = useState(() => readFields(doc));
  useEffect(() => {
    const map = fieldsMap(doc);
    const update = (): void => setFields(readFields(doc));
    update();
    map.observe(update);
    return () => map.unobserve(update);
  }, [doc]);
  return fields;
}

/** Origin of this person's field edits: what their fields undo tracks, and nothing else. */
export const localFieldsOrigin = Symbol('local fields edit');

export interface FieldsUndo {
  undo: () => void;
  redo: () => void;
  canUndo: boolean;
  canRedo: boolean;
}

/**
 * Per-person undo for the case fields: a Y.UndoManager over the fields map
 * that tracks only this person's writes (`localFieldsOrigin`), so undo never
 * takes back a colleague's change. Keystrokes within half a second are one
 * step, like typing a word.
 */
export function useFieldsUndo(doc: Y.Doc): FieldsUndo {
  const [manager, setManager] = useState<Y.UndoManager | null>(null);
  const [state, setState] = useState({ canUndo: false, canRedo: false });
  useEffect(() => {
    const undoManager = new Y.UndoManager(fieldsMap(doc), { trackedOrigins: new Set([localFieldsOrigin]), captureTimeout: 500 });
    const update = (): void => setState({ canUndo: undoManager.canUndo(), canRedo: undoManager.canRedo() });
    undoManager.on('stack-item-added', update);
    undoManager.on('stack-item-popped', update);
    undoManager.on('stack-cleared', update);
    setManager(undoManager);
    update();
    return () => {
      undoManager.destroy();
      setManager(null);
    };
  }, [doc]);
  return useMemo(() => ({ undo: () => void manager?.undo(), redo: () => void manager?.redo(), ...state }), [manager, state]);
}
