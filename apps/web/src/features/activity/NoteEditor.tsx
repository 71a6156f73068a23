import { useEffect, useRef } from 'react';
import { EditorContent, useEditor, type EditorEvents } from '@tiptap/react';
import { HistoryButton } from '../history/HistoryButton';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import type * as Y from 'yjs';
import { readActivity, toSummary, updateActivity } from '@casehub/case-document';
import { caseEditorExtensions } from '@casehub/case-document/tiptap';
import type { PresenceUser, SyncSession } from '../../lib/sync';
import { PlanToolbar } from '../cases/PlanToolbar';
import { mentionExtension, type MentionPerson } from './mentions';

interface NoteEditorProps {
  session: SyncSession;
  user: PresenceUser;
  entryId: string;
  body: Y.XmlFragment;
  label: string;
  editable: boolean;
  members: MentionPerson[];
  autoFocus?: boolean;
}

/** Summary writes wait for a pause in typing. */
const summaryDelayMs = 500;

/**
 * A note, call or meeting body, co-edited live through its fragment in the
 * case document (carets of others shown). Whoever types keeps the entry's
 * summary in step with the text, after a short pause; remote edits do not
 * write the summary again (their author's client does).
 */
export function NoteEditor({ session, user, entryId, body, label, editable, members, autoFocus }: NoteEditorProps) {
  const membersRef = useRef(members);
  useEffect(() => {
    membersRef.current = members;
  }, [members]);

  const editor = useEditor(
    {
      extensions: [
        ...caseEditorExtensions(),
        mentionExtension(() => membersRef.current),
        Collaboration.configure({ fragment: body }),
        CollaborationCaret.configure({ provider: session.provider, user }),
      ],
      editable,
      immediatelyRender: true,
      shouldRerenderOnTransaction: false,
      autofocus: autoFocus ? 'end' : false,
      editorProps: {
        attributes: {
          class: 'plan-editor__content note-editor__content',
          'aria-label': label,
          role: 'textbox',
          'aria-multiline': 'true',
        },
      },
    },
    [session, body, user.id, user.name, user.color],
  );

  useEffect(() => {
    if (editor.isEditable !== editable) editor.setEditable(editable);
  }, [editor, editable]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let text = '';
    const flush = (): void => {
      timer = undefined;
      if (readActivity(session.doc, entryId)?.summary === toSummary(text)) return;
      updateActivity(session.doc, entryId, { summary: text });
    };
    const onUpdate = ({ transaction }: EditorEvents['update']): void => {
      const meta = transaction.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined;
      if (meta?.isChangeOrigin || !editor.isEditable) return;
      text = editor.getText({ blockSeparator: ' ' });
      if (timer) clearTimeout(timer);
      timer = setTimeout(flush, summaryDelayMs);
    };
    editor.on('update', onUpdate);
    return () => {
      editor.off('update', onUpdate);
      // Closing the editor right after typing still saves the summary.
      if (timer) {
        clearTimeout(timer);
        flush();
      }
    };
  }, [editor, session.doc, entryId]);

  return (
    <div className="note-editor">
      <div className="note-editor__actions">
        <HistoryButton session={session} editor={editor} target={`note:${entryId}`} fragment={body} title={label} editable={editable} />
      </div>
      {editable ? <PlanToolbar editor={editor} disabled={!editable} /> : null}
      <EditorContent editor={editor} className="plan-editor" />
    </div>
  );
}
