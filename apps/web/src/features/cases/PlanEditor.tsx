import { useEffect, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { EditorContent, useEditor } from '@tiptap/react';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { planFragment } from '@casehub/case-document';
import { caseEditorExtensions } from '@casehub/case-document/tiptap';
import type { PresenceUser, SyncSession } from '../../lib/sync';
import { useFirstSync } from '../../lib/sync';
import { PlanToolbar } from './PlanToolbar';
import { HistoryButton } from '../history/HistoryButton';
import { msg } from '../../i18n';

const titles = { account: msg('Account plan'), mutual: msg('Mutual plan') } as const;

interface PlanEditorProps {
  /** The team document (the account plan) or the shared one (the mutual plan, co-edited with guests). */
  session: SyncSession;
  user: PresenceUser;
  editable: boolean;
  /** Which plan: its title (and the editor's name) is 'Account plan' or 'Mutual plan', translated. */
  plan: keyof typeof titles;
  /** Shown beside the title, to say who else reads this. */
  hint?: string;
  /** False while the tab is hidden: its loading hint is not announced. */
  active?: boolean;
}

const contentAttributes = (title: string): Record<string, string> => ({
  class: 'plan-editor__content',
  'aria-label': title,
  role: 'textbox',
  'aria-multiline': 'true',
});

/**
 * A plan, co-edited through a case document. The editor is created at once
 * (Collaboration merges whatever arrives later); the first sync only drives
 * the loading hint.
 */
export function PlanEditor({ session, user, editable, plan, hint, active = true }: PlanEditorProps) {
  const { t } = useTranslation();
  const title = t(titles[plan]);
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
      editorProps: { attributes: contentAttributes(title) },
    },
    [session, user.id, user.name, user.color],
  );

  // The editor's name follows the language without making a new editor (that would drop the collaboration state).
  useEffect(() => {
    const { editorProps } = editor.options;
    editor.setOptions({ editorProps: { ...editorProps, attributes: contentAttributes(title) } });
  }, [editor, title]);

  useEffect(() => {
    if (editor.isEditable !== editable) editor.setEditable(editable);
  }, [editor, editable]);

  return (
    <section className={plan === 'mutual' ? 'plan plan--mutual' : 'plan'} aria-labelledby={headingId}>
      <div className="plan__header">
        <h2 id={headingId}>{title}</h2>
        {!synced && active ? (
          <span className="muted plan__loading" role="status">
            {t('Loading…')}
          </span>
        ) : null}
        {!editable ? <span className="muted">{t('View only')}</span> : null}
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
