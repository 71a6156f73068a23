import type { Extensions } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { TaskItem, TaskList } from '@tiptap/extension-list';

/**
 * The editor schema of every rich-text field in a case (the plan, note bodies).
 * Web and server must agree on it, or the server would read a document the
 * editor wrote with different node names. Undo/redo is left to the
 * collaboration extension, which undoes only the local user's changes.
 */
export function caseEditorExtensions(): Extensions {
  return [
    StarterKit.configure({
      undoRedo: false,
      link: { openOnClick: false, autolink: true, protocols: ['http', 'https', 'mailto'] },
    }),
    TaskList,
    TaskItem.configure({ nested: true }),
  ];
}
