import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { ActivityRecord } from '@casehub/case-document';
import type { WorkspaceRole } from '@casehub/contract';
import { call } from '../../lib/api';
import { useDismiss } from '../../lib/useDismiss';
import { useSubmit } from '../../lib/useSubmit';
import { useTranslation } from 'react-i18next';
import { msg } from '../../i18n';
import { isWritableKind } from './kinds';

/** The toast after a delete, per kind: whole sentences for translators. */
const deletedTexts: Record<ActivityRecord['kind'], string> = {
  note: msg('Note deleted.'),
  email: msg('Email deleted.'),
  file: msg('File deleted.'),
  call: msg('Call deleted.'),
  meeting: msg('Meeting deleted.'),
  status: msg('Status change deleted.'),
  expectation: msg('Promise deleted.'),
  system: msg('System deleted.'),
};

/** Deleting and restoring stream entries (issue 21.8). */
export const entriesApi = {
  remove: (id: string, activityId: string) => call('DELETE /api/cases/{id}/activity/{activityId}', { params: { id, activityId } }),
  restore: (id: string, activityId: string) => call('POST /api/cases/{id}/activity/{activityId}/restore', { params: { id, activityId } }),
};

export type EntryPermissions = { edit: boolean; delete: boolean };

/**
 * What the menu offers, by the server's rule (access/policy.ts canOnEntry),
 * which has the last word: the author edits their note, call or meeting and
 * deletes their entries; owners and admins delete any; a guest only their
 * own notes, and deletes a file they brought; a viewer (not `writable`) nothing.
 */
export function entryPermissions(
  entry: ActivityRecord,
  who: { userId: string; role: WorkspaceRole; writable: boolean; sharedOnly: boolean },
): EntryPermissions {
  if (!who.writable) return { edit: false, delete: false };
  const own = entry.actorId !== null && entry.actorId === who.userId;
  const written = isWritableKind(entry.kind);
  if (who.role === 'guest') return { edit: own && written && who.sharedOnly, delete: own && (written || entry.kind === 'file') && who.sharedOnly };
  return { edit: own && written, delete: own || who.role === 'owner' || who.role === 'admin' };
}

/** The ⋯ menu on a stream row: Edit (opens the text to change), Delete, and on an email for editors Split thread (issue 17.5). */
export function EntryMenu({
  entry,
  canEdit,
  canDelete,
  describedBy,
  onEdit,
  onDelete,
  onSplitThread,
}: {
  entry: ActivityRecord;
  canEdit: boolean;
  canDelete: boolean;
  describedBy: string;
  onEdit: (entry: ActivityRecord) => void;
  onDelete: (entry: ActivityRecord) => void;
  /** Splits this email's thread into a new case. */
  onSplitThread?: ((entry: ActivityRecord) => void) | undefined;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const close = useCallback(() => setOpen(false), []);
  const menuId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  useDismiss(open, close, buttonRef, menuRef);
  useEffect(() => {
    if (open) menuRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, [open]);
  if (!canEdit && !canDelete && !onSplitThread) return null;

  const pick = (action: (entry: ActivityRecord) => void) => () => {
    setOpen(false);
    buttonRef.current?.focus();
    action(entry);
  };
  const onMenuKey = (e: KeyboardEvent<HTMLDivElement>): void => {
    const items = [...(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      e.stopPropagation();
      const next = items[(at + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length];
      next?.focus();
    } else if (e.key === 'Escape') {
      e.stopPropagation();
      setOpen(false);
      buttonRef.current?.focus();
    }
  };

  return (
    <span className="entry-menu">
      <button
        ref={buttonRef}
        type="button"
        className="link-button entry-menu__button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        aria-describedby={describedBy}
        aria-label={t('Entry actions')}
        onClick={() => setOpen((o) => !o)}
      >
        ⋯
      </button>
      {open ? (
        <div ref={menuRef} id={menuId} className="menu entry-menu__list" role="menu" aria-label={t('Entry actions')} onKeyDown={onMenuKey}>
          {canEdit ? (
            <button type="button" role="menuitem" className="menu__item" onClick={pick(onEdit)}>
              {t('Edit')}
            </button>
          ) : null}
          {canDelete ? (
            <button type="button" role="menuitem" className="menu__item" onClick={pick(onDelete)}>
              {t('Delete')}
            </button>
          ) : null}
          {onSplitThread ? (
            <button type="button" role="menuitem" className="menu__item" onClick={pick(onSplitThread)}>
              {t('Split thread into a new case…')}
            </button>
          ) : null}
        </div>
      ) : null}
    </span>
  );
}

/** `said`: the toast's sentence, translated where it is shown. */
type Deleted = { id: string; said: string };

/**
 * Deletes at once (no "are you sure?"), then offers Undo for a while: the
 * server keeps the entry, and restoring brings it back (shared again if it
 * was). What is in flight and what went wrong are said in the toast.
 */
export function useEntryDeletion(caseId: string) {
  const [deleted, setDeleted] = useState<Deleted | null>(null);
  // Deleting and its undo share the toast: the latest one's message.
  const { run, busy, error } = useSubmit((work: () => Promise<void>) => work());

  useEffect(() => {
    if (!deleted || busy) return;
    const timer = window.setTimeout(() => setDeleted(null), 15_000);
    return () => window.clearTimeout(timer);
  }, [deleted, busy]);

  const remove = useCallback(
    (entry: ActivityRecord) =>
      run(async () => {
        await entriesApi.remove(caseId, entry.id);
        setDeleted({ id: entry.id, said: deletedTexts[entry.kind] });
      }),
    [caseId, run],
  );

  const undo = async (): Promise<void> => {
    if (!deleted) return;
    await run(async () => {
      await entriesApi.restore(caseId, deleted.id);
      setDeleted(null);
    });
  };

  return { deleted, busy, error, remove, undo, dismiss: () => setDeleted(null) };
}

export function DeletedToast({ state }: { state: ReturnType<typeof useEntryDeletion> }) {
  const { t } = useTranslation();
  return (
    <div className="entry-toast" role="status" aria-live="polite">
      {state.deleted ? (
        <p className="notice notice--success entry-toast__body">
          {t(state.deleted.said)}{' '}
          <button type="button" className="link-button" disabled={state.busy} onClick={() => void state.undo()}>
            {t('Undo')}
          </button>{' '}
          <button type="button" className="link-button" aria-label={t('Dismiss')} onClick={state.dismiss}>
            ×
          </button>
        </p>
      ) : null}
      {state.error ? (
        <p className="notice notice--error" role="alert">
          {state.error}
        </p>
      ) : null}
    </div>
  );
}
