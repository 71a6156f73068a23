import { useEffect } from 'react';
import { EditorContent, useEditor } from '@tiptap/react';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { planFragment } from '@casehub/case-document';
import { caseEditorExtensions } from '@casehub/case-document/tiptap';
import type { PresenceUser, SyncSession } from '../../lib/sync';
import { useFirstSync } from '../../lib/sync';
import { PlanToolbar } from '../cases/PlanToolbar';

interface MutualPlanEditorProps {
  /** The case's shared document: the team and the guests edit this plan together. */
  session: SyncSession;
  user: PresenceUser;
  editable: boolean;
  /** Shown to the team, to say who else reads this. */
  hint?: string;
  /** False while the tab is hidden: its loading hint is not announced. */
  active?: boolean;
}

/** The mutual plan: the shared document's `plan`, co-edited live by the team and the case's guests. */
export function MutualPlanEditor({ session, user, editable, hint, active = true }: MutualPlanEditorProps) {
  const synced = useFirstSync(session.provider);
  const editor = useEditor(
    {
      extensions: [
        ...caseEditorExtensions(),
        Collaboration.configure({ fragment: planFragment(session.doc) }),
        CollaborationCaret.configure({ provider: session.provider, user }),
      ],
      editable,
      immediatelyRender: true,
      shouldRerenderOnTransaction: false,
      editorProps: {
        attributes: {
          class: 'plan-editor__content',
          'aria-label': 'Mutual plan',
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
    <section className="plan plan--mutual" aria-labelledby="mutual-plan-heading">
      <div className="plan__header">
        <h2 id="mutual-plan-heading">Mutual plan</h2>
        {!synced && active ? (
          <span className="muted plan__loading" role="status">
            Loading…
          </span>
        ) : null}
        {!editable ? <span className="muted">View only</span> : null}
        {hint ? <span className="tag tag--shared plan__hint">{hint}</span> : null}
      </div>
      <PlanToolbar editor={editor} disabled={!editable} />
      <EditorContent editor={editor} className="plan-editor" />
    </section>
  );
}
