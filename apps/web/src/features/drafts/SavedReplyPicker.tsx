import { useId, useMemo, useState } from 'react';
import type { Editor } from '@tiptap/react';
import { Link } from 'react-router';
import { fillSavedReply, type SavedReplyField } from '@casehub/contract';
import { Dialog } from '../../components/Dialog';
import { FormError } from '../../components/FormError';
import { useApi } from '../../lib/useApi';
import { useSubmit } from '../../lib/useSubmit';
import { Async } from '../../components/Async';
import { savedRepliesApi } from './savedRepliesApi';
import { Trans, useTranslation } from 'react-i18next';

export type FillValues = Record<SavedReplyField, string>;

/**
 * Picks a saved reply and inserts it at the caret, its fields filled
 * (issue 13.6): type to filter, ↑/↓ and Enter, Escape closes. The text
 * written so far can be saved as a new one from here.
 */
export function SavedReplyPicker({ editor, values, onClose }: { editor: Editor; values: FillValues; onClose: () => void }) {
  const { t } = useTranslation();
  const replies = useApi('saved-replies', (signal) => savedRepliesApi.list(signal));
  const [filter, setFilter] = useState('');
  const [active, setActive] = useState(0);
  const [name, setName] = useState('');
  const filterId = useId();
  const nameId = useId();
  const listId = useId();
  const matches = useMemo(() => (replies.data ?? []).filter((r) => r.name.toLowerCase().includes(filter.trim().toLowerCase())), [replies.data, filter]);

  const insert = (html: string): void => {
    onClose();
    // After the dialog has given focus back, at the caret the editor kept.
    requestAnimationFrame(() => editor.chain().focus().insertContent(fillSavedReply(html, values)).run());
  };
  const saving = useSubmit(async () => {
    await savedRepliesApi.create({ name: name.trim(), html: editor.getHTML() });
    setName('');
    replies.reload();
  });
  const save = (): void => {
    if (!name.trim()) saving.fail(t('Give it a name.'));
    else if (editor.isEmpty) saving.fail(t('Write the reply first: what is in the editor is saved.'));
    else void saving.run();
  };

  return (
    <Dialog title={t('Saved replies')} onClose={onClose} initialFocus="input">
      <div className="stack">
        <div className="field">
          <label htmlFor={filterId}>{t('Find a saved reply')}</label>
          <input
            id={filterId}
            role="combobox"
            aria-controls={listId}
            aria-expanded="true"
            aria-activedescendant={matches[active] ? `${listId}-${active}` : undefined}
            value={filter}
            autoComplete="off"
            onChange={(e) => {
              setFilter(e.target.value);
              setActive(0);
            }}
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
                e.preventDefault();
                if (matches.length > 0) setActive((a) => (a + (e.key === 'ArrowDown' ? 1 : matches.length - 1)) % matches.length);
              } else if (e.key === 'Enter') {
                e.preventDefault();
                const pick = matches[active];
                if (pick) insert(pick.html);
              }
            }}
          />
        </div>
        <Async value={replies} what={t('the saved replies')}>
          {() =>
            matches.length === 0 ? (
              <p className="muted">
                {filter ? t('No saved reply has that name.') : t('No saved replies yet. Write one below, or save the text you have written.')}
              </p>
            ) : (
              <ul id={listId} role="listbox" aria-label={t('Saved replies')} className="picker">
                {matches.map((r, i) => (
                  <li
                    key={r.id}
                    id={`${listId}-${i}`}
                    role="option"
                    aria-selected={i === active}
                    className={i === active ? 'picker__option picker__option--active' : 'picker__option'}
                    onMouseEnter={() => setActive(i)}
                    onClick={() => insert(r.html)}
                  >
                    <strong>{r.name}</strong>
                    <span className="muted picker__preview">{r.html.replace(/<[^>]+>/g, ' ').slice(0, 140)}</span>
                  </li>
                ))}
              </ul>
            )
          }
        </Async>
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            save();
          }}
        >
          <label htmlFor={nameId}>{t('Save what you have written as')}</label>
          <input id={nameId} value={name} onChange={(e) => setName(e.target.value)} maxLength={80} placeholder={t('A name, e.g. Thanks for your order')} />
          <button type="submit" className="button" disabled={saving.busy}>
            {saving.busy ? t('Saving…') : t('Save')}
          </button>
        </form>
        <FormError message={saving.error} />
        <p className="muted">
          <Trans
            i18nKey="Fields like {{example}} are filled as you insert. <manage>Manage saved replies</manage>"
            values={{ example: '{{contact.firstName}}' }}
            components={{ manage: <Link to="/settings/saved-replies" /> }}
          />
        </p>
      </div>
    </Dialog>
  );
}
