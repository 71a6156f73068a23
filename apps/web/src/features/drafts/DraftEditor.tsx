import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { EditorContent, useEditor } from '@tiptap/react';
import { Extension } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import { readDraft, removeDraft, touchDraft, updateDraft, type ActivityRecord, type DraftChange, type DraftRecord } from '@casehub/case-document';
import { caseEditorExtensions } from '@casehub/case-document/tiptap';
import { call, urlOf } from '../../lib/api';
import { uploadForm } from '../../lib/upload';
import { fileUploadResponse } from '@casehub/contract';
import { useSubmit } from '../../lib/useSubmit';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useApi } from '../../lib/useApi';
import type { PresenceUser, SyncSession } from '../../lib/sync';
import { FormError } from '../../components/FormError';
import { PlanToolbar } from '../cases/PlanToolbar';
import { mailboxesApi } from '../mailboxes/mailboxesApi';
import { RecipientsInput, type Recipient } from './RecipientsInput';
import { SavedReplyPicker, type FillValues } from './SavedReplyPicker';
import { useDraft, useDraftWriters, useWritingDraft } from './useDrafts';
import { useTranslation } from 'react-i18next';

/** Typing in the body marks the draft as changed after a pause (the drafts list sorts by it). */
const touchDelayMs = 2000;

/** Ctrl/⌘+Enter sends, Ctrl/⌘+/ opens the saved replies: ahead of the editor's own keys (a hard break). */
const composerKeys = (send: () => void, pick: () => void) =>
  Extension.create({
    name: 'composerKeys',
    priority: 1000,
    addKeyboardShortcuts: () => ({
      'Mod-Enter': () => {
        send();
        return true;
      },
      'Mod-/': () => {
        pick();
        return true;
      },
    }),
  });

/** The first recipient as a name (from `Name <a@b>`, else the stakeholder with that address). */
function contactOf(to: string, recipients: Recipient[]): { name: string } | null {
  const first = to.split(',')[0]?.trim() ?? '';
  if (!first) return null;
  const named = /^"?([^"<]+?)"?\s*<([^>]+)>$/.exec(first);
  const address = (named?.[2] ?? first).toLowerCase();
  const known = recipients.find((r) => r.address.toLowerCase() === address);
  const name = named?.[1]?.trim() || known?.name || '';
  return name ? { name } : null;
}

export type DraftEditorProps = {
  caseId: string;
  caseTitle: string;
  session: SyncSession;
  user: PresenceUser;
  draftId: string;
  /** Files of the case to attach. */
  files: ActivityRecord[];
  recipients: Recipient[];
  /** `reply`: inline under a conversation, its subject and recipients from the thread (shown, and changeable). */
  variant: 'new' | 'reply';
  autoFocus?: boolean;
  onSent: (activityId: string) => void;
  /** Closes the composer; the draft stays in the case unless it was sent or discarded. Inline replies have none: they stay while their draft does. */
  onClose?: () => void;
};

/**
 * An email being written on the case, as a draft in the team document
 * (issue 13.5): the header fields are the draft's keys and the text its
 * Tiptap fragment, so what is typed is saved as it is typed (and offline),
 * two people write it together (carets, and who else is in it), Ctrl/⌘+Z
 * undoes one's own typing, and closing the tab loses nothing. Send posts it
 * with its `draftId`: the server removes the draft with the send, so it
 * goes once even if two writers press Send.
 */
export function DraftEditor(props: DraftEditorProps) {
  const { t } = useTranslation();
  const draft = useDraft(props.session.doc, props.draftId);
  if (!draft) {
    return (
      <div className="stack" role="status">
        <p>{t('This draft was sent or discarded by someone else.')}</p>
        {props.onClose ? (
          <div>
            <button type="button" className="button" onClick={props.onClose}>
              {t('Close')}
            </button>
          </div>
        ) : null}
      </div>
    );
  }
  return <DraftForm {...props} draft={draft} />;
}

function DraftForm({
  caseId,
  caseTitle,
  session,
  user,
  draftId,
  files,
  recipients,
  variant,
  autoFocus,
  onSent,
  onClose,
  draft,
}: DraftEditorProps & { draft: DraftRecord }) {
  const { t } = useTranslation();
  const { doc, provider } = session;
  useWritingDraft(provider, draftId);
  const others = useDraftWriters(provider, user.id).get(draftId) ?? [];
  const senders = useApi('mailbox-senders', (signal) => mailboxesApi.senders(signal));
  const [copies, setCopies] = useState(draft.cc !== '' || draft.bcc !== '');
  const [picking, setPicking] = useState(false);
  const [discarding, setDiscarding] = useState(false);
  const ids = { from: useId(), to: useId(), cc: useId(), bcc: useId(), subject: useId() };
  const set = (change: DraftChange): void => void updateDraft(doc, draftId, change);
  const sendRef = useRef<() => void>(() => {});
  const pickRef = useRef<() => void>(() => {});

  const editor = useEditor(
    {
      extensions: [
        ...caseEditorExtensions(),
        Collaboration.configure({ fragment: draft.body }),
        CollaborationCaret.configure({ provider, user }),
        composerKeys(
          () => sendRef.current(),
          () => pickRef.current(),
        ),
      ],
      immediatelyRender: true,
      shouldRerenderOnTransaction: false,
      autofocus: autoFocus ? 'end' : false,
      editorProps: {
        attributes: {
          class: 'plan-editor__content composer__body',
          'aria-label': variant === 'reply' ? t('Reply') : t('Message'),
          role: 'textbox',
          'aria-multiline': 'true',
        },
      },
    },
    // The fragment is the draft's for its whole life.
    [session, draftId, user.id, user.name, user.color],
  );

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onUpdate = ({ transaction }: { transaction: { getMeta(key: unknown): unknown } }): void => {
      const meta = transaction.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined;
      if (meta?.isChangeOrigin) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => touchDraft(doc, draftId), touchDelayMs);
    };
    editor.on('update', onUpdate);
    return () => {
      editor.off('update', onUpdate);
      if (timer) clearTimeout(timer);
    };
  }, [editor, doc, draftId]);

  const fill: FillValues = useMemo(() => {
    const contact = contactOf(draft.to, recipients);
    return {
      'contact.name': contact?.name ?? '',
      'contact.firstName': contact?.name.split(/\s+/)[0] ?? '',
      'case.title': caseTitle,
      'me.name': user.name,
      'me.firstName': user.name.split(/\s+/)[0] ?? '',
    };
  }, [draft.to, recipients, caseTitle, user.name]);

  // Nothing is lost on failure: the draft stays as it is, and the server's reason is shown (a 409: someone sent it already).
  const sending = useSubmit(async (current: DraftRecord, text: string) => {
    const sent = await call('POST /api/cases/{id}/emails/send', {
      params: { id: caseId },
      body: {
        draftId,
        to: current.to,
        ...(current.cc.trim() ? { cc: current.cc } : {}),
        ...(current.bcc.trim() ? { bcc: current.bcc } : {}),
        ...(current.mailboxId ? { mailboxId: current.mailboxId } : {}),
        ...(current.replyTo ? { inReplyTo: current.replyTo } : {}),
        ...(current.fileIds.length > 0 ? { fileIds: current.fileIds } : {}),
        subject: current.subject,
        text,
        html: editor.getHTML(),
      },
    });
    onSent(sent.activityId);
    onClose?.();
  });

  function send(e?: FormEvent): void {
    e?.preventDefault();
    const current = readDraft(doc, draftId);
    if (sending.busy || !current) return;
    const text = editor.getText({ blockSeparator: '\n\n' }).trim();
    if (!current.to.trim()) sending.fail(t('Who is it to? Give at least one address.'));
    else if (!current.subject.trim()) sending.fail(t('Give it a subject.'));
    else if (!text) sending.fail(t('Write something to send.'));
    else void sending.run(current, text);
  }
  sendRef.current = () => send();
  pickRef.current = () => setPicking(true);

  return (
    <>
      <form
        className={variant === 'reply' ? 'reply composer stack' : 'composer stack'}
        aria-label={variant === 'reply' ? t('Reply') : t('New email')}
        noValidate
        onSubmit={send}
        onKeyDown={(e) => {
          // The body's own Ctrl/⌘+Enter is its keymap's; this is for the header fields.
          if (e.key === 'Enter' && (e.metaKey || e.ctrlKey) && !e.defaultPrevented) {
            e.preventDefault();
            void send();
          }
        }}
      >
        {others.length > 0 ? (
          <p className="composer__writers muted" role="status">
            {t('Also writing: {{names}}', { names: others.map((o) => o.name).join(', ') })}
          </p>
        ) : null}
        {senders.data && senders.data.length > 0 ? (
          <div className="field">
            <label htmlFor={ids.from}>{t('From')}</label>
            <select id={ids.from} value={draft.mailboxId ?? ''} onChange={(e) => set({ mailboxId: e.target.value || null })}>
              <option value="">{t('The case address')}</option>
              {senders.data.map((m) => (
                <option key={m.id} value={m.id}>
                  {`${m.name} <${m.address}>`}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div className="field">
          <label htmlFor={ids.to}>{t('To')}</label>
          <RecipientsInput
            id={ids.to}
            value={draft.to}
            onChange={(to) => set({ to })}
            suggestions={recipients}
            placeholder={t('Name <name@example.com>, other@example.com')}
          />
        </div>
        {copies ? (
          <>
            <div className="field">
              <label htmlFor={ids.cc}>{t('Cc')}</label>
              <RecipientsInput id={ids.cc} value={draft.cc} onChange={(cc) => set({ cc })} suggestions={recipients} />
            </div>
            <div className="field">
              <label htmlFor={ids.bcc}>{t('Bcc')}</label>
              <RecipientsInput id={ids.bcc} value={draft.bcc} onChange={(bcc) => set({ bcc })} suggestions={recipients} />
            </div>
          </>
        ) : (
          <div>
            <button type="button" className="link-button" onClick={() => setCopies(true)}>
              {t('Add Cc or Bcc')}
            </button>
          </div>
        )}
        {variant === 'new' ? (
          <div className="field">
            <label htmlFor={ids.subject}>{t('Subject')}</label>
            <input id={ids.subject} value={draft.subject} onChange={(e) => set({ subject: e.target.value })} maxLength={998} />
          </div>
        ) : null}
        <div className="composer__editor">
          <PlanToolbar editor={editor} disabled={false} />
          <EditorContent editor={editor} className="plan-editor" />
        </div>
        <AttachFiles
          caseId={caseId}
          files={files}
          chosen={draft.fileIds}
          onChange={(fileIds) => set({ fileIds })}
          onAttach={(added) => set({ fileIds: [...(readDraft(doc, draftId)?.fileIds ?? []), ...added] })}
        />
        <FormError message={sending.error} />
        <div className="composer__actions">
          <button type="submit" className="button button--primary" disabled={sending.busy}>
            {sending.busy ? t('Sending…') : variant === 'reply' ? t('Send reply') : t('Send')}
          </button>
          <button type="button" className="button" onClick={() => setPicking(true)} aria-keyshortcuts="Control+/">
            {t('Saved replies')}
          </button>
          {onClose ? (
            <button type="button" className="button" onClick={onClose}>
              {t('Keep as draft')}
            </button>
          ) : null}
          <button type="button" className="link-button link-button--danger" onClick={() => setDiscarding(true)}>
            {t('Discard')}
          </button>
          <span className="muted">{t('Saved as you type · Ctrl+Enter sends · Ctrl+/ saved replies')}</span>
        </div>
      </form>
      {/* Outside the form: a portal's events still bubble through React's tree, and its Save must not send the email. */}
      {picking ? <SavedReplyPicker editor={editor} values={fill} onClose={() => setPicking(false)} /> : null}
      {discarding ? (
        <ConfirmDialog
          title={t('Discard this draft?')}
          confirmLabel={t('Discard')}
          onConfirm={async () => {
            removeDraft(doc, draftId);
            onClose?.();
          }}
          onClose={() => setDiscarding(false)}
        >
          {t('It goes for everyone on the case, with what they wrote in it.')}
        </ConfirmDialog>
      ) : null}
    </>
  );
}

/**
 * Files of the case to attach, and an upload that puts a new file on the
 * case (as the stream's Attach does) and attaches it, with its progress.
 */
function AttachFiles({
  caseId,
  files,
  chosen,
  onChange,
  onAttach,
}: {
  caseId: string;
  files: ActivityRecord[];
  chosen: string[];
  onChange: (fileIds: string[]) => void;
  /** Files just uploaded, added to what is attached now (others may have changed it meanwhile). */
  onAttach: (fileIds: string[]) => void;
}) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const uploading = useSubmit(async (picked: File[]) => {
    const added: string[] = [];
    for (const file of picked) {
      setProgress(0);
      const answer = fileUploadResponse.parse(
        await uploadForm(urlOf('POST /api/cases/{id}/files', { params: { id: caseId } }), [file], ({ loaded, total }) =>
          setProgress(total ? loaded / total : 0),
        ),
      );
      added.push(answer.fileId);
    }
    onAttach(added);
  });
  return (
    <fieldset>
      <legend>{t('Attachments')}</legend>
      {files.map((f) =>
        f.fileId ? (
          <label key={f.id} className="check">
            <input
              type="checkbox"
              checked={chosen.includes(f.fileId)}
              onChange={(e) => {
                const id = f.fileId ?? '';
                onChange(e.target.checked ? [...chosen, id] : chosen.filter((c) => c !== id));
              }}
            />{' '}
            {f.summary}
          </label>
        ) : null,
      )}
      <div className="composer__actions">
        <button type="button" className="button button--small" disabled={uploading.busy} onClick={() => input.current?.click()}>
          {t('Upload and attach…')}
        </button>
        {uploading.busy && progress !== null ? <progress max={1} value={progress} aria-label={t('Uploading the attachment')} /> : null}
        <FormError message={uploading.error} />
      </div>
      <input
        ref={input}
        type="file"
        multiple
        className="visually-hidden"
        aria-label={t('Upload and attach files')}
        tabIndex={-1}
        onChange={(e) => {
          const picked = [...(e.target.files ?? [])];
          e.target.value = '';
          setProgress(null);
          // Finished uploads are also on the case, in its stream, like any attached file.
          if (picked.length > 0) void uploading.run(picked).finally(() => setProgress(null));
        }}
      />
    </fieldset>
  );
}
