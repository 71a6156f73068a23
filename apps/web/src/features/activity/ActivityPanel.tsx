import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useSearchParams } from 'react-router';
import { useVirtualizer } from '@tanstack/react-virtual';
import { activityKinds, addActivity, createDraft, type ActivityKind } from '@casehub/case-document';
import type { WorkspaceMember } from '@casehub/contract';
import type { PresenceUser, SyncSession } from '../../lib/sync';
import { api, errorMessage } from '../../lib/api';
import { useApi } from '../../lib/useApi';
import { useSubmit } from '../../lib/useSubmit';
import { useDebouncedValue } from '../../lib/useDebouncedValue';
import { useNow } from '../../lib/useNow';
import { ActivityRow, type ShareAction } from './ActivityRow';
import type { ActivityRecord } from '@casehub/case-document';
import { Dialog } from '../../components/Dialog';
import { peopleApi } from '../../lib/peopleApi';
import { useMergedActivity } from './useMergedActivity';
import { EntryViewer } from './EntryViewer';
import { KindIcon, isActivityKind, kindLabels, type WritableKind } from './kinds';
import { ComposeEmail } from './ComposeEmail';
import { DraftsList } from '../drafts/DraftsList';
import { useDrafts, useDraftWriters } from '../drafts/useDrafts';
import { UploadTray } from './UploadTray';
import type { Upload } from './useUploads';
import { SearchHitList } from '../search/SearchHitList';
import { useMe } from '../auth/session';
import { DeletedToast, entryPermissions, useEntryDeletion } from './EntryActions';
import { SwarmDialog } from '../swarm/SwarmDialog';
import type { MentionPerson } from './mentions';
import { SplitControls, useSplitSelection } from '../merge/SplitSelection';
import { SplitDialog } from '../merge/SplitDialog';
import { Trans, useTranslation } from 'react-i18next';
import { msg } from '../../i18n';

interface ActivityPanelProps {
  caseId: string;
  session: SyncSession;
  user: PresenceUser;
  members: WorkspaceMember[];
  editable: boolean;
  uploads: Upload[];
  onFiles: (files: File[]) => void;
  onDismissUpload: (id: string) => void;
  /** A large email import running as a job (issue 20.9): stop it, or go on after a stop. */
  onCancelImport?: (id: string) => void;
  onResumeImport?: (id: string) => void;
  /** The case's shared document (team view): its entries are merged in, with the badge. */
  sharedSession?: SyncSession | null;
  /** `guest`: the stream of the shared document as a guest sees it (no uploads, no replies, no badges). */
  mode?: 'team' | 'guest';
  /** Team editors share entries with guests and stop sharing them. */
  canShare?: boolean;
  /** The case team changed from here (people asked to help on a moment of truth). */
  onTeamChanged?: () => void;
  /** Guests who opened an entry's file or email (issue 15.5): "Viewed by" on shared entries. */
  guestsWhoOpened?: (entry: ActivityRecord) => string[];
  /** Whom notes may @mention, when not `members` (a guest: the people on this case). */
  mentionable?: MentionPerson[];
  /** Editors split entries or a thread off into a new case (issue 17.5); the title prefills a selection's new case. */
  split?: { caseTitle: string } | null;
}

/** Short, URL-safe, unguessable enough for an entry id. */
function newEntryId(): string {
  return crypto.randomUUID().replace(/-/g, '').slice(0, 22);
}

function personKey(actorId: string | null, actorName: string): string {
  return actorId ?? `name:${actorName}`;
}

const composerButtons: { kind: WritableKind; label: string }[] = [
  { kind: 'note', label: msg('New note') },
  { kind: 'call', label: msg('Log call') },
  { kind: 'meeting', label: msg('Log meeting') },
];

/**
 * The case's stream, newest first: a composer for notes, calls and
 * meetings, uploads, filters, a search within the case, and a virtualised
 * list (only the rows on screen are in the DOM, so 10,000 entries scroll as
 * smoothly as 10). Keyboard: ↑/↓ (or k/j) move between entries, Home/End
 * jump, Enter opens, Escape closes what is open.
 */
export function ActivityPanel({
  caseId,
  session,
  user,
  members,
  editable,
  uploads,
  onFiles,
  onDismissUpload,
  onCancelImport,
  onResumeImport,
  sharedSession = null,
  mode = 'team',
  canShare = false,
  onTeamChanged,
  guestsWhoOpened,
  mentionable = members,
  split: splitting = null,
}: ActivityPanelProps) {
  const { t } = useTranslation();
  const guestMode = mode === 'guest';
  const canSwarm = !guestMode && canShare;
  const { entries, sharedIds, sharedOnlyIds } = useMergedActivity(session.doc, guestMode ? null : (sharedSession?.doc ?? null));
  // Sharing and un-sharing: the entry whose button waits, and the latest one's failure.
  const [sharing, setSharing] = useState<string | null>(null);
  const share = useSubmit(async (entry: ActivityRecord, action: ShareAction): Promise<void> => {
    if (action === 'unshare') await peopleApi.unshare(caseId, entry.id);
    else await peopleApi.share(caseId, entry.id, action === 'share-thread');
  });
  const [unsharing, setUnsharing] = useState<ActivityRecord | null>(null);
  // Swarming on a moment of truth (issue 15.7): the entry asked about, and whom the last ask reached.
  const [swarmFor, setSwarmFor] = useState<string | null>(null);
  const [swarmed, setSwarmed] = useState<string | null>(null);
  // The draft open in the email dialog (features/drafts).
  const [emailing, setEmailing] = useState<{ draftId: string; reply: boolean } | null>(null);
  const drafts = useDrafts(guestMode ? null : session.doc);
  const draftWriters = useDraftWriters(guestMode ? null : session.provider, user.id);
  // Team people (not guests), to tell a guest's entry in the shared document from a team member's.
  const teamIds = useMemo(() => new Set(members.filter((m) => m.role !== 'guest').map((m) => m.userId)), [members]);
  // Rows re-render with it, so "5 minutes ago" and the response clocks stay true.
  const now = useNow();
  const [kind, setKind] = useState<ActivityKind | ''>('');
  const [person, setPerson] = useState('');
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState<{ id: string; isNew: boolean; fileId?: string } | null>(null);
  const [highlight, setHighlight] = useState<string | null>(null);
  const [jump, setJump] = useState<string | null>(null);
  const [params, setParams] = useSearchParams();
  const canSplit = splitting !== null && !guestMode;
  const split = useSplitSelection(entries, splitting?.caseTitle ?? '');
  const listRef = useRef<HTMLDivElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const people = useMemo(() => {
    const byKey = new Map<string, string>();
    for (const e of entries) {
      const key = personKey(e.actorId, e.actorName);
      if (!byKey.has(key)) byKey.set(key, e.actorName);
    }
    return [...byKey.entries()].sort((a, b) => a[1].localeCompare(b[1]));
  }, [entries]);

  const filtered = useMemo(
    () =>
      kind === '' && person === ''
        ? entries
        : entries.filter((e) => (kind === '' || e.kind === kind) && (person === '' || personKey(e.actorId, e.actorName) === person)),
    [entries, kind, person],
  );

  const virtualizer = useVirtualizer({
    count: filtered.length,
    getScrollElement: () => listRef.current,
    estimateSize: () => 74,
    overscan: 6,
    getItemKey: (i) => filtered[i]?.id ?? i,
  });

  /** Focuses a row once it is rendered, then runs `then` (opening it: the viewer returns focus to the row). */
  const focusRow = useCallback((index: number, then?: () => void) => {
    let tries = 0;
    const attempt = (): void => {
      const button = listRef.current?.querySelector<HTMLButtonElement>(`[data-index="${index}"] .activity-row__open`);
      if (!button && tries++ < 20) {
        requestAnimationFrame(attempt);
        return;
      }
      button?.focus({ preventScroll: true });
      then?.();
    };
    requestAnimationFrame(attempt);
  }, []);

  const debounced = useDebouncedValue(query.trim(), 300);
  // An emptied box shows the stream at once, not 300 ms later (a picked hit jumps into it).
  const searching = query.trim() !== '' && debounced !== '';

  // Deep links (?entry=<id>: search, a notification, a promise's source) and picks from the
  // in-case search scroll to the entry and open it.
  const entryParam = params.get('entry');
  useEffect(() => {
    if (entryParam) setJump(entryParam);
  }, [entryParam]);

  useEffect(() => {
    // While the search results are shown, the stream (and the row to focus) is not on the page.
    if (!jump || searching) return;
    if (!entries.some((e) => e.id === jump)) return; // not synced yet; runs again when it arrives
    const index = filtered.findIndex((e) => e.id === jump);
    if (index < 0) {
      // Hidden by a filter: clear the filters, then come back here.
      setKind('');
      setPerson('');
      return;
    }
    setJump(null);
    setHighlight(jump);
    virtualizer.scrollToIndex(index, { align: 'center' });
    const id = jump;
    focusRow(index, () => setOpen({ id, isNew: false }));
    if (params.has('entry')) {
      const next = new URLSearchParams(params);
      next.delete('entry');
      setParams(next, { replace: true });
    }
  }, [jump, entries, filtered, searching, virtualizer, focusRow, params, setParams]);

  const onListKey = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (e.key === 'Escape' && split.selecting) {
      e.preventDefault();
      split.cancel();
      return;
    }
    const row = (e.target as HTMLElement).closest<HTMLElement>('[data-index]');
    if (!row) return;
    const index = Number(row.dataset.index);
    let next = index;
    if (e.key === 'ArrowDown' || e.key === 'j') next = index + 1;
    else if (e.key === 'ArrowUp' || e.key === 'k') next = index - 1;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = filtered.length - 1;
    else return;
    e.preventDefault();
    next = Math.max(0, Math.min(filtered.length - 1, next));
    virtualizer.scrollToIndex(next);
    focusRow(next);
  };

  const compose = (k: WritableKind): void => {
    const id = newEntryId();
    addActivity(session.doc, id, { kind: k, at: new Date().toISOString(), actorId: user.id, actorName: user.name, summary: '' });
    setOpen({ id, isNew: true });
  };

  const shareRun = share.run;
  const runShare = useCallback(
    async (entry: ActivityRecord, action: ShareAction): Promise<void> => {
      setSharing(entry.id);
      await shareRun(entry, action);
      setSharing(null);
    },
    [shareRun],
  );
  const onShareAction = useCallback(
    (entry: ActivityRecord, action: ShareAction): void => {
      // Un-sharing takes the entry away from the guests: ask first.
      if (action === 'unshare') setUnsharing(entry);
      else void runShare(entry, action);
    },
    [runShare],
  );
  const shareActionOf = (entry: ActivityRecord): ShareAction | null => {
    if (!canShare || guestMode || !sharedSession || sharedOnlyIds.has(entry.id)) return null;
    if (sharedIds.has(entry.id)) return 'unshare';
    return entry.kind === 'email' && entry.threadId ? 'share-thread' : 'share';
  };

  const onOpen = useCallback((id: string) => setOpen({ id, isNew: false }), []);
  // Edit and Delete from a row's menu (issue 21.8): editing opens the text with the caret in it.
  const me = useMe();
  const deletion = useEntryDeletion(caseId);
  const removeEntry = deletion.remove;
  const onEditEntry = useCallback((entry: ActivityRecord) => setOpen({ id: entry.id, isNew: true }), []);
  const onDeleteEntry = useCallback((entry: ActivityRecord) => void removeEntry(entry), [removeEntry]);
  const permissionsOf = (entry: ActivityRecord) =>
    entryPermissions(entry, { userId: me.user.id, role: me.role, writable: editable, sharedOnly: guestMode || sharedOnlyIds.has(entry.id) });
  const onOpenFile = useCallback((id: string, fileId: string) => setOpen({ id, isNew: false, fileId }), []);
  const openEntry = open ? entries.find((e) => e.id === open.id) : undefined;
  const fileEntries = useMemo(() => entries.filter((e) => e.kind === 'file' && e.fileId), [entries]);

  return (
    <section className="activity" aria-labelledby="activity-heading">
      <div className="activity__header">
        <h2 id="activity-heading">{t('Activity')}</h2>
        <span className="muted activity__count" data-testid="activity-count">
          {filtered.length === entries.length
            ? entries.length.toLocaleString()
            : t('{{shown}} of {{total}}', { shown: filtered.length.toLocaleString(), total: entries.length.toLocaleString() })}
        </span>
        {canSplit && entries.length > 0 ? <SplitControls split={split} /> : null}
      </div>
      {share.error ? (
        <p className="notice notice--error" role="alert">
          {share.error}
        </p>
      ) : null}
      {swarmed ? (
        <p className="notice" role="status">
          {swarmed}{' '}
          <button type="button" className="link-button" onClick={() => setSwarmed(null)}>
            {t('Dismiss')}
          </button>
        </p>
      ) : null}
      {editable ? (
        <div className="activity__composer" role="toolbar" aria-label={t('Add to the stream')}>
          {composerButtons.map((b) => (
            <button key={b.kind} type="button" className="button button--small" onClick={() => compose(b.kind)}>
              <KindIcon kind={b.kind} size={15} />
              {t(b.label)}
            </button>
          ))}
          {guestMode ? null : (
            <>
              <button
                type="button"
                className="button button--small"
                onClick={() => {
                  const draftId = newEntryId();
                  createDraft(session.doc, draftId, { kind: 'new', createdBy: user.id, createdByName: user.name });
                  setEmailing({ draftId, reply: false });
                }}
              >
                <KindIcon kind="email" size={15} />
                {t('New email')}
              </button>
              <button type="button" className="button button--small" onClick={() => fileInput.current?.click()}>
                <KindIcon kind="file" size={15} />
                {t('Attach')}
              </button>
              <input
                ref={fileInput}
                type="file"
                multiple
                className="visually-hidden"
                aria-label={t('Attach files or emails')}
                tabIndex={-1}
                onChange={(e) => {
                  const files = [...(e.target.files ?? [])];
                  e.target.value = '';
                  if (files.length > 0) onFiles(files);
                }}
              />
            </>
          )}
        </div>
      ) : null}
      {guestMode ? null : <DraftsList drafts={drafts} writers={draftWriters} onOpen={(d) => setEmailing({ draftId: d.id, reply: d.kind === 'reply' })} />}
      {emailing ? (
        <ComposeEmail
          caseId={caseId}
          session={session}
          user={user}
          draftId={emailing.draftId}
          reply={emailing.reply}
          files={fileEntries}
          onClose={() => setEmailing(null)}
          onSent={(id) => setJump(id)}
        />
      ) : null}
      <DeletedToast state={deletion} />
      <UploadTray
        uploads={uploads}
        onDismiss={onDismissUpload}
        onCancel={editable ? onCancelImport : undefined}
        onResume={editable ? onResumeImport : undefined}
      />
      <div className="activity__filters" role="search" aria-label={t('Filter the stream')}>
        <label className="field field--compact">
          <span className="field__label">{t('Kind')}</span>
          <select value={kind} onChange={(e) => setKind(isActivityKind(e.target.value) ? e.target.value : '')}>
            <option value="">{t('All kinds')}</option>
            {activityKinds.map((k) => (
              <option key={k} value={k}>
                {t(kindLabels[k])}
              </option>
            ))}
          </select>
        </label>
        <label className="field field--compact">
          <span className="field__label">{t('Person')}</span>
          <select value={person} onChange={(e) => setPerson(e.target.value)}>
            <option value="">{t('Everyone')}</option>
            {people.map(([key, name]) => (
              <option key={key} value={key}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label className="field field--compact activity__search">
          <span className="field__label">{t('Search this case')}</span>
          <input
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape' && query) {
                e.preventDefault();
                setQuery('');
              }
            }}
            placeholder={t('Words in notes, emails, files…')}
          />
        </label>
      </div>
      {searching ? (
        <CaseSearchResults
          caseId={caseId}
          q={debounced}
          onPick={(id) => {
            setQuery('');
            setJump(id);
          }}
        />
      ) : entries.length === 0 ? (
        <div className="activity__empty">
          <p>
            <strong>{t('Nothing here yet.')}</strong>
          </p>
          <p className="muted">
            {guestMode
              ? t('Notes the team shares with you, and yours, show up here.')
              : editable
                ? t('Write a note, log a call or a meeting, or drop emails (.eml, .mbox) and files anywhere on the case.')
                : t('Notes, emails and files on this case will show up here.')}
          </p>
        </div>
      ) : filtered.length === 0 ? (
        <div className="activity__empty">
          <p className="muted">{t('No entries match these filters.')}</p>
          <button
            type="button"
            className="button button--small"
            onClick={() => {
              setKind('');
              setPerson('');
            }}
          >
            {t('Clear filters')}
          </button>
        </div>
      ) : (
        <div ref={listRef} className="activity__list" role="feed" aria-label={t('Activity stream, newest first')} aria-busy={false} onKeyDown={onListKey}>
          <div className="activity__canvas" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((item) => {
              const entry = filtered[item.index];
              if (!entry) return null;
              return (
                <div
                  key={item.key}
                  data-index={item.index}
                  ref={virtualizer.measureElement}
                  className="activity__item"
                  style={{ transform: `translateY(${item.start}px)` }}
                >
                  <ActivityRow
                    entry={entry}
                    shared={!guestMode && sharedIds.has(entry.id)}
                    fromGuest={sharedOnlyIds.has(entry.id) && !(entry.actorId !== null && teamIds.has(entry.actorId))}
                    shareAction={shareActionOf(entry)}
                    shareBusy={sharing === entry.id}
                    onShareAction={onShareAction}
                    canEdit={permissionsOf(entry).edit}
                    canDelete={permissionsOf(entry).delete}
                    onEdit={onEditEntry}
                    onDelete={onDeleteEntry}
                    onSwarm={canSwarm ? setSwarmFor : undefined}
                    viewedBy={!guestMode && sharedIds.has(entry.id) ? guestsWhoOpened?.(entry) : undefined}
                    selected={split.selecting ? split.selected.has(entry.id) : undefined}
                    onToggleSelect={split.toggle}
                    onSplitThread={canSplit ? split.splitThread : undefined}
                    index={item.index}
                    setSize={filtered.length}
                    highlighted={highlight === entry.id}
                    now={now}
                    onOpen={onOpen}
                    onOpenFile={onOpenFile}
                  />
                </div>
              );
            })}
          </div>
        </div>
      )}
      {open && openEntry ? (
        <EntryViewer
          key={`${openEntry.id}:${open.fileId ?? ''}`}
          entry={openEntry}
          session={sharedOnlyIds.has(openEntry.id) && sharedSession ? sharedSession : session}
          reply={editable && !guestMode ? { caseId, session, user, files: fileEntries } : null}
          user={user}
          members={mentionable}
          editable={editable}
          isNew={open.isNew}
          fileId={open.fileId}
          onOpenFile={(fileId) => setOpen({ id: openEntry.id, isNew: false, fileId })}
          onBack={open.fileId && openEntry.kind === 'email' ? () => setOpen({ id: openEntry.id, isNew: false }) : undefined}
          onClose={() => setOpen(null)}
        />
      ) : null}
      {split.dialog ? (
        <SplitDialog caseId={caseId} pick={split.dialog.pick} defaultTitle={split.dialog.title} onClose={split.closeDialog} onSplit={split.finished} />
      ) : null}
      {swarmFor ? (
        <SwarmDialog
          caseId={caseId}
          activityId={swarmFor}
          onClose={() => setSwarmFor(null)}
          onAsked={(names) => {
            setSwarmed(t('Asked {{names}} to help; they are on the case team now.', { names: names.join(', ') }));
            onTeamChanged?.();
          }}
        />
      ) : null}
      {unsharing ? (
        <Dialog title={t('Stop sharing with guests?')} onClose={() => setUnsharing(null)}>
          <div className="stack">
            <p>
              {unsharing.summary ? (
                <Trans
                  i18nKey="Guests on this case will no longer see <b>“{{summary}}”</b>. It stays in the team’s stream."
                  values={{ summary: unsharing.summary.slice(0, 120) }}
                  components={{ b: <strong /> }}
                />
              ) : (
                t('Guests on this case will no longer see this entry. It stays in the team’s stream.')
              )}
            </p>
            <div className="dialog__actions">
              <button type="button" className="button" onClick={() => setUnsharing(null)}>
                {t('Cancel')}
              </button>
              <button
                type="button"
                className="button button--danger"
                onClick={() => {
                  const entry = unsharing;
                  setUnsharing(null);
                  void runShare(entry, 'unshare');
                }}
              >
                {t('Stop sharing')}
              </button>
            </div>
          </div>
        </Dialog>
      ) : null}
    </section>
  );
}

function CaseSearchResults({ caseId, q, onPick }: { caseId: string; q: string; onPick: (activityId: string) => void }) {
  const { t } = useTranslation();
  const results = useApi(`case-search:${caseId}:${q}`, (signal) => api.search({ q, caseId }, signal));
  if (results.state === 'error') {
    return (
      <p className="notice notice--error" role="alert">
        {errorMessage(results.error)}
      </p>
    );
  }
  if (results.data === undefined) {
    return (
      <p className="muted activity__empty" role="status">
        {t('Searching…')}
      </p>
    );
  }
  if (results.data.length === 0) {
    return (
      <p className="muted activity__empty" role="status">
        {t('Nothing on this case matches “{{q}}”.', { q })}
      </p>
    );
  }
  return <SearchHitList hits={results.data} label={t('Results for {{q}} in this case', { q })} showCase={false} onPick={(hit) => onPick(hit.activityId)} />;
}
