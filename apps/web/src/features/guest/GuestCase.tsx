import { useMemo, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { SinceLastVisit, useVisit } from '../visits/SinceLastVisit';
import type { CaseDetail } from '@casehub/contract';
import { FormError } from '../../components/FormError';
import { peopleApi } from '../../lib/peopleApi';
import { useSubmit } from '../../lib/useSubmit';
import { useConnectionStatus, usePresence, type PresenceUser, type SyncSession } from '../../lib/sync';
import { useCaseFields } from '../cases/useCaseFields';
import { PresenceAvatars } from '../cases/PresenceAvatars';
import { ConnectionBadge } from '../cases/ConnectionBadge';
import { kindLabel } from '../cases/format';
import { formatLocale } from '../../i18n';
import { ActivityPanel } from '../activity/ActivityPanel';
import { PlanEditor } from '../cases/PlanEditor';
import { MilestonesPanel } from '../milestones/MilestonesPanel';
import { CaseTeamPanel } from '../team/CaseTeamPanel';
import { DropZone } from '../activity/DropZone';
import { useUploads } from '../activity/useUploads';

const ignore = (): void => undefined;

/**
 * A guest's case (DESIGN.md §2, §3): only the shared document exists here —
 * the guest-visible fields, the mutual plan, the shared stream — and who
 * from the team is on the case. Nothing internal is ever received.
 */
export function GuestCase({ detail, session, user }: { detail: CaseDetail; session: SyncSession; user: PresenceUser }) {
  const { t } = useTranslation();
  const fields = useCaseFields(session.doc);
  const status = useConnectionStatus(session.provider);
  const people = usePresence(session.provider);
  const present = useMemo(() => new Set(people.map((p) => p.id)), [people]);
  const visit = useVisit(detail.id);
  const title = fields.title ?? detail.title;
  const kind = fields.kind ?? detail.kind;
  const stage = fields.stage ?? detail.stage;
  const closeDate = fields.closeDate !== undefined ? fields.closeDate : detail.closeDate;
  const canEdit = detail.access === 'editor';
  // [issue 15.4] Commenters and editors bring their documents (a signed DPA): they go to the shared side, the team is told.
  const canUpload = detail.access !== 'viewer';
  const uploads = useUploads(detail.id, { mailImport: false });
  // A guest @mentions the people on this case (its team and its other guests), as the server
  // answers them to a guest: names only, never the workspace's member list.
  const mentionable = useMemo(() => detail.members.map(({ userId, name, email }) => ({ userId, name, email })), [detail.members]);

  return (
    <DropZone enabled={canUpload} onFiles={(files) => void uploads.add(files)}>
      <main className="page page--case page--guest">
        <div className="case-header">
          <div className="case-header__title">
            <Link to="/cases" className="back-link">
              ← {t('Your cases')}
            </Link>
            <h1 data-testid="case-title">{title}</h1>
            <span className={`tag tag--${kind}`}>{kindLabel(kind)}</span>
            {stage ? <span className="tag">{stage}</span> : null}
          </div>
          <div className="case-header__meta">
            <PresenceAvatars people={people} meId={user.id} />
            <ConnectionBadge status={status} />
          </div>
        </div>
        {detail.access === 'viewer' ? (
          <p className="notice" role="note">
            {t('You can view this case but not change it.')}
          </p>
        ) : detail.access === 'commenter' ? (
          <p className="notice" role="note">
            {t('You can add notes to this case; the mutual plan is edited by the team.')}
          </p>
        ) : null}
        <SinceLastVisit caseId={detail.id} visit={visit} />
        <div className="case-layout">
          <aside className="case-layout__side stack">
            <section className="case-fields" aria-labelledby="shared-fields-heading">
              <h2 id="shared-fields-heading" className="case-fields__heading">
                {t('Case details')}
              </h2>
              <dl className="meta-list" aria-label={t('Case details')}>
                <dt>{t('Title')}</dt>
                <dd>{title}</dd>
                <dt>{t('Kind')}</dt>
                <dd>{kindLabel(kind)}</dd>
                <dt>{t('Stage')}</dt>
                <dd>{stage || '—'}</dd>
                <dt>{t('Close date')}</dt>
                <dd>{closeDate ? new Date(`${closeDate}T00:00:00`).toLocaleDateString(formatLocale()) : '—'}</dd>
              </dl>
            </section>
            <CaseTeamPanel
              caseId={detail.id}
              caseTitle={title}
              members={detail.members}
              workspace={[]}
              present={present}
              meId={user.id}
              canManage={false}
              onChanged={ignore}
            />
          </aside>
          <div className="case-layout__main">
            <PlanEditor plan="mutual" session={session} user={user} editable={canEdit} />
            <MilestonesPanel doc={session.doc} editable={canEdit} viewer="guest" people={detail.members} />
          </div>
          <div className="case-layout__stream stack">
            {canUpload ? <GuestUpload onFiles={(files) => void uploads.add(files)} /> : null}
            {detail.access === 'commenter' ? <GuestNoteForm caseId={detail.id} /> : null}
            <ActivityPanel
              caseId={detail.id}
              session={session}
              user={user}
              members={[]}
              mentionable={mentionable}
              editable={canEdit}
              mode="guest"
              uploads={uploads.uploads}
              onFiles={(files) => void uploads.add(files)}
              onDismissUpload={uploads.dismiss}
            />
          </div>
        </div>
      </main>
    </DropZone>
  );
}

/** A guest's documents for the team: picked here or dropped on the page; progress and errors show in the stream's upload tray. */
function GuestUpload({ onFiles }: { onFiles: (files: File[]) => void }) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  return (
    <section className="guest-note case-fields stack" aria-labelledby="guest-upload-heading">
      <h2 id="guest-upload-heading" className="case-fields__heading">
        {t('Documents for the team')}
      </h2>
      <p className="muted">{t('A signed agreement, a questionnaire: the team sees it here and is told.')}</p>
      <div>
        <button type="button" className="button button--small" onClick={() => input.current?.click()}>
          {t('Add a document')}
        </button>
        <input
          ref={input}
          type="file"
          multiple
          className="visually-hidden"
          aria-label={t('Add a document for the team')}
          tabIndex={-1}
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            e.target.value = '';
            if (files.length > 0) onFiles(files);
          }}
        />
      </div>
    </section>
  );
}

/** Commenters write through the server (it puts the note in the shared document); they do not write the document. */
function GuestNoteForm({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const adding = useSubmit(async () => {
    await peopleApi.addNote(caseId, { text });
    setText('');
  });
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (text.trim()) void adding.run();
  };
  return (
    <form className="guest-note case-fields stack" onSubmit={submit} aria-label={t('Add a note')}>
      <label className="field">
        <span className="field__label">{t('Add a note for the team')}</span>
        <textarea value={text} rows={3} maxLength={100_000} onChange={(e) => setText(e.target.value)} />
      </label>
      <FormError message={adding.error} />
      <div>
        <button type="submit" className="button button--primary button--small" disabled={adding.busy || !text.trim()}>
          {adding.busy ? t('Adding…') : t('Add note')}
        </button>
      </div>
    </form>
  );
}
