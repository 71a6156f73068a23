import { useEffect } from 'react';
import { EditorContent, useEditor } from '@tiptap/react';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { planFragment } from '@casehub/case-document';
import { caseEditorExtensions } from '@casehub/case-document/tiptap';
import type { PresenceUser, SyncSession } from '../../lib/sync';
import { PlanToolbar } from './PlanToolbar';
import { HistoryButton } from '../history/HistoryButton';

interface PlanEditorProps {
  session: SyncSession;
  user: PresenceUser;
  editable: boolean;
  synced: boolean;
}

/**
 * The account plan, co-edited through the case document. The editor is
 * created at once (Collaboration merges whatever arrives later); `synced`
 * only drives the loading hint.
 */
export function PlanEditor({ session, user, editable, synced }: PlanEditorProps) {
  const editor = useEditor(
    {
      extensions: [
        ...caseEditorExtensions(),
        // The fragment comes from the case-document package, which owns the key names.
        Collaboration.configure({ fragment: planFragment(session.doc) }),
        CollaborationCaret.configure({ provider: session.provider, user }),
      ],
      editable,
      immediatelyRender: true,
      shouldRerenderOnTransaction: false,
      editorProps: {
        attributes: {
          class: 'plan-editor__content',
          'aria-label': 'Account plan',
          role: 'textbox',
          'aria-multiline': 'true',
        },
      },
    },
    [session, user.id, user.name, user.color],
  );

  useEffect(() => {
    if (editor.isEditable !== editable) editor.setEditable(editable);
  }, [editor, editable]);

  return (
    <section className="plan" aria-labelledby="plan-heading">
      <div className="plan__header">
        <h2 id="plan-heading">Account plan</h2>
        {!synced ? (
          <span className="muted plan__loading" role="status">
            Loading…
          </span>
        ) : null}
        {!editable ? <span className="muted">View only</span> : null}
        <span className="plan__actions">
          <HistoryButton session={session} editor={editor} target="plan" fragment={planFragment(session.doc)} title="Account plan" editable={editable} />
        </span>
      </div>
      <PlanToolbar editor={editor} disabled={!editable} />
      <EditorContent editor={editor} className="plan-editor" />
    </section>
  );
}
