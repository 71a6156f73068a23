import { useEffect, useId } from 'react';
import { EditorContent, useEditor } from '@tiptap/react';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { planFragment } from '@casehub/case-document';
import { caseEditorExtensions } from '@casehub/case-document/tiptap';
import type { PresenceUser, SyncSession } from '../../lib/sync';
import { useFirstSync } from '../../lib/sync';
import { PlanToolbar } from './PlanToolbar';
import { HistoryButton } from '../history/HistoryButton';

interface PlanEditorProps {
  /** The team document (the account plan) or the shared one (the mutual plan, co-edited with guests). */
  session: SyncSession;
  user: PresenceUser;
  editable: boolean;
  title: 'Account plan' | 'Mutual plan';
  /** Shown beside the title, to say who else reads this. */
  hint?: string;
  /** False while the tab is hidden: its loading hint is not announced. */
  active?: boolean;
}

/**
 * A plan, co-edited through a case document. The editor is created at once
 * (Collaboration merges whatever arrives later); the first sync only drives
 * the loading hint.
 */
export function PlanEditor({ session, user, editable, title, hint, active = true }: PlanEditorProps) {
  const synced = useFirstSync(session.provider);
  const headingId = useId();
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
          'aria-label': title,
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
    <section className={title === 'Mutual plan' ? 'plan plan--mutual' : 'plan'} aria-labelledby={headingId}>
      <div className="plan__header">
        <h2 id={headingId}>{title}</h2>
        {!synced && active ? (
          <span className="muted plan__loading" role="status">
            Loading…
          </span>
        ) : null}
        {!editable ? <span className="muted">View only</span> : null}
        {hint ? <span className="tag tag--shared plan__hint">{hint}</span> : null}
        <span className="plan__actions">
          <HistoryButton session={session} editor={editor} target="plan" fragment={planFragment(session.doc)} title={title} editable={editable} />
        </span>
      </div>
      <PlanToolbar editor={editor} disabled={!editable} />
      <EditorContent editor={editor} className="plan-editor" />
    </section>
  );
}
