import { useId, useState, type FormEvent } from 'react';
import { EditorContent, useEditor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import type { SavedReply } from '@casehub/contract';
import { Async } from '../components/Async';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { InlineFormActions } from '../components/FormActions';
import { useApi } from '../lib/useApi';
import { useSubmit } from '../lib/useSubmit';
import { PlanToolbar } from '../features/cases/PlanToolbar';
import { savedRepliesApi } from '../features/drafts/savedRepliesApi';
import { RelativeTime } from '../components/RelativeTime';
import { useTranslation } from 'react-i18next';

/** A saved reply's name and rich text, new or changed: Ctrl/⌘+Z undoes, fields are typed as they are. */
function SavedReplyForm({ initial, onSaved, onCancel }: { initial: SavedReply | null; onSaved: () => void; onCancel?: () => void }) {
  const { t } = useTranslation();
  const nameId = useId();
  const [name, setName] = useState(initial?.name ?? '');
  const editor = useEditor({
    extensions: [StarterKit.configure({ link: { openOnClick: false, autolink: true, protocols: ['http', 'https', 'mailto'] } })],
    content: initial?.html ?? '',
    immediatelyRender: true,
    editorProps: { attributes: { class: 'plan-editor__content composer__body', 'aria-label': 'Saved reply text', role: 'textbox', 'aria-multiline': 'true' } },
  });
  const saving = useSubmit(async () => {
    const body = { name: name.trim(), html: editor.getHTML() };
    if (initial) await savedRepliesApi.update(initial.id, body);
    else await savedRepliesApi.create(body);
    if (!initial) {
      setName('');
      editor.commands.clearContent();
    }
    onSaved();
  });
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (!name.trim()) saving.fail('Give it a name.');
    else if (editor.isEmpty) saving.fail('Write the text of the reply.');
    else void saving.run();
  };
  return (
    <form className="stack" onSubmit={submit} aria-label={initial ? `Edit ${initial.name}` : 'New saved reply'}>
      <div className="field">
        <label htmlFor={nameId}>{t('Name')}</label>
        <input id={nameId} value={name} onChange={(e) => setName(e.target.value)} maxLength={80} placeholder={t('e.g. Thanks for your order')} />
      </div>
      <div className="composer__editor">
        <PlanToolbar editor={editor} disabled={false} />
        <EditorContent editor={editor} className="plan-editor" />
      </div>
      <p className="muted">
        {t('Fields filled in as the reply is inserted: {{fields}}.', {
          fields: '{{contact.firstName}}, {{contact.name}}, {{case.title}}, {{me.firstName}}, {{me.name}}',
        })}
      </p>
      <InlineFormActions error={saving.error} busy={saving.busy} submitLabel={initial ? 'Save changes' : 'Add saved reply'} onCancel={onCancel} />
    </form>
  );
}

/** The reply's words, for the list (no markup is rendered from it). */
function previewText(html: string): string {
  const text = new DOMParser().parseFromString(html, 'text/html').body.textContent ?? '';
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/**
 * Settings → Saved replies (issue 13.6): the workspace's snippets, for
 * every member; inserted from any email composer with Ctrl/⌘+/.
 */
export function SavedRepliesRoute() {
  const { t } = useTranslation();
  const replies = useApi('saved-replies', (signal) => savedRepliesApi.list(signal));
  const [editing, setEditing] = useState<string | null>(null);
  const [removing, setRemoving] = useState<SavedReply | null>(null);
  return (
    <main className="page stack">
      <h1>{t('Saved replies')}</h1>
      <p className="muted">{t('Snippets the whole workspace shares. In an email, press Ctrl+/ (⌘/ on a Mac) or choose Saved replies to insert one.')}</p>
      <Async value={replies} what={t('the saved replies')} empty={<p className="muted">{t('No saved replies yet. Add the first one below.')}</p>}>
        {(list) => (
          <ul className="stack" aria-label={t('Saved replies')}>
            {list.map((r) => (
              <li key={r.id} className="card">
                {editing === r.id ? (
                  <SavedReplyForm
                    initial={r}
                    onSaved={() => {
                      setEditing(null);
                      replies.reload();
                    }}
                    onCancel={() => setEditing(null)}
                  />
                ) : (
                  <>
                    <h2 className="card__title">{r.name}</h2>
                    <p className="muted">
                      {t('{{name}} · changed', { name: r.createdByName ?? t('Someone') })} <RelativeTime iso={r.updatedAt} />
                    </p>
                    <p className="saved-reply__preview">{previewText(r.html)}</p>
                    <div className="composer__actions">
                      <button type="button" className="button button--small" onClick={() => setEditing(r.id)}>
                        {t('Edit')}
                      </button>
                      <button type="button" className="button button--small" onClick={() => setRemoving(r)}>
                        {t('Delete')}
                      </button>
                    </div>
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </Async>
      <section className="card">
        <h2 className="card__title">{t('New saved reply')}</h2>
        <SavedReplyForm initial={null} onSaved={replies.reload} />
      </section>
      {removing ? (
        <ConfirmDialog
          title={t('Delete this saved reply?')}
          confirmLabel={t('Delete')}
          onConfirm={async () => {
            await savedRepliesApi.remove(removing.id);
            replies.reload();
          }}
          onClose={() => setRemoving(null)}
        >
          {t('“{{name}}” goes for everyone in the workspace.', { name: removing.name })}
        </ConfirmDialog>
      ) : null}
    </main>
  );
}
