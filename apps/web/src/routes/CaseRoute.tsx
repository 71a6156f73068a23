import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, Navigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { docName } from '@casehub/case-document';
import type { CaseDetail } from '@casehub/contract';
import { api, ApiError, errorMessage } from '../lib/api';
import { useApi } from '../lib/useApi';
import { clearLocalCase } from '../lib/localDocs';
import { userColor } from '../lib/people';
import { useConnectionStatus, usePresence, useSyncedDoc, type PresenceUser, type SyncSession } from '../lib/sync';
import { useMe, useSession } from '../features/auth/session';
import { useWorkspaceMembers } from '../features/workspace/members';
import { useCaseFields } from '../features/cases/useCaseFields';
import { CaseFieldsForm } from '../features/cases/CaseFieldsForm';
import { PlanEditor } from '../features/cases/PlanEditor';
import { PresenceAvatars } from '../features/cases/PresenceAvatars';
import { ConnectionBadge } from '../features/cases/ConnectionBadge';
import { kindLabel } from '../features/cases/format';
import { ActivityPanel } from '../features/activity/ActivityPanel';
import { DropZone } from '../features/activity/DropZone';
import { CaseAddress } from '../features/activity/CaseAddress';
import { useUploads } from '../features/activity/useUploads';
import { AccessEnded } from '../features/access/AccessEnded';
import { useAccessWatch, type AccessEnd } from '../features/access/useAccessWatch';
import { GuestCase } from '../features/guest/GuestCase';
import { PlanTabs } from '../features/sharing/PlanTabs';
import { MilestonesPanel } from '../features/milestones/MilestonesPanel';
import { PlanTemplateActions } from '../features/plan-templates/PlanTemplateActions';
import { CaseTeamPanel } from '../features/team/CaseTeamPanel';
import { mergePresence } from '../features/team/presence';
import { PromiseComposerContext, type PromisePrefill } from '../features/expectations/composer';
import { PromiseFormDialog } from '../features/expectations/PromiseFormDialog';
import { PromisesPanel } from '../features/expectations/PromisesPanel';
import { StakeholderMap } from '../features/contacts/StakeholderMap';
import { useExpectations } from '../features/expectations/useExpectations';
import { CaseViewsPanel } from '../features/visits/CaseViewsPanel';
import { useCaseViews } from '../features/visits/useCaseViews';
import { SinceLastVisit, useVisit } from '../features/visits/SinceLastVisit';
import { MergeActions } from '../features/merge/MergeActions';

export function CaseRoute() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const detail = useApi(`case:${id}`, (signal) =>
    api.getCase(id, signal).catch((err: unknown) => {
      // The case is gone or out of reach: its local copies in this browser go too.
      if (err instanceof ApiError && (err.status === 404 || err.status === 403)) void clearLocalCase(id);
      throw err;
    }),
  );
  // Opened from the browser's copy while offline (lib/offlineCopy.ts): read it from the server once the network is back.
  const reloadDetail = detail.reload;
  useEffect(() => {
    window.addEventListener('online', reloadDetail);
    return () => window.removeEventListener('online', reloadDetail);
  }, [reloadDetail]);
  // Set when the server cut this case off (access revoked, signed out); the sync documents are dropped.
  const [ended, setEnded] = useState<{ id: string; reason: AccessEnd } | null>(null);
  const onEnded = useCallback((reason: AccessEnd) => setEnded({ id, reason }), [id]);

  if (ended && ended.id === id) return <AccessEnded reason={ended.reason} />;

  // A refresh that fails while the case is open (offline: the team changed, or someone new is here) keeps the
  // live case on screen; only a case that never loaded, or is gone, is an error page.
  const missing = detail.state === 'error' && detail.error instanceof ApiError && (detail.error.status === 404 || detail.error.status === 403);
  if (detail.state === 'error' && (detail.data === undefined || missing)) {
    return (
      <main className="page">
        <div className="empty">
          <h1>{missing ? t('Case not found') : t('Could not open this case')}</h1>
          <p className="muted" role="alert">
            {missing ? t('It does not exist, or you do not have access to it.') : errorMessage(detail.error)}
          </p>
          <Link to="/cases" className="button">
            {t('Back to cases')}
          </Link>
        </div>
      </main>
    );
  }
  if (detail.data === undefined) {
    return (
      <main className="page">
        <p className="muted" role="status">
          {t('Loading case…')}
        </p>
      </main>
    );
  }
  // [issue 17.5] A merged duplicate redirects to the case it went into.
  if (detail.data.mergedInto) return <Navigate to={`/cases/${detail.data.mergedInto}`} replace />;
  return <CaseWorkspace key={detail.data.id} detail={detail.data} onEnded={onEnded} onRefresh={detail.reload} />;
}

function CaseWorkspace({ detail, onEnded, onRefresh }: { detail: CaseDetail; onEnded: (reason: AccessEnd) => void; onRefresh: () => void }) {
  const me = useMe();
  const { t } = useTranslation();
  const user = useMemo<PresenceUser>(() => ({ id: me.user.id, name: me.user.name, color: userColor(me.user.id) }), [me.user.id, me.user.name]);
  // Guests only get the shared document; the team works in the team one and
  // co-edits the shared one (mutual plan, shared stream) with the guests.
  const guest = me.role === 'guest' || detail.docs.team === null;
  const session = useSyncedDoc(guest ? null : docName(detail.id, 'team'), user);
  const shared = useSyncedDoc(docName(detail.id, 'shared'), user);
  const { signedIn } = useSession();
  // Still allowed after a change of rights (4000, S9.4): the case (what this person may do on it) and their role, read again.
  const onStillAllowed = useCallback(() => {
    onRefresh();
    api.me().then(signedIn, () => {});
  }, [onRefresh, signedIn]);
  useAccessWatch(detail.id, [session?.provider, shared?.provider], onEnded, onStillAllowed);

  if (guest) {
    return shared ? (
      <GuestCase detail={detail} session={shared} user={user} />
    ) : (
      <main className="page">
        <p className="muted" role="status">
          {t('Loading case…')}
        </p>
      </main>
    );
  }
  if (!session) {
    return (
      <main className="page">
        <p className="muted" role="status">
          {t('Loading case…')}
        </p>
      </main>
    );
  }
  return <LiveCase detail={detail} session={session} shared={shared} user={user} onRefresh={onRefresh} />;
}

function LiveCase({
  detail,
  session,
  shared,
  user,
  onRefresh,
}: {
  detail: CaseDetail;
  session: SyncSession;
  shared: SyncSession | null;
  user: PresenceUser;
  onRefresh: () => void;
}) {
  const me = useMe();
  const { t } = useTranslation();
  const fields = useCaseFields(session.doc);
  const status = useConnectionStatus(session.provider);
  const [peopleGen, setPeopleGen] = useState(0);
  const everyone = useWorkspaceMembers(peopleGen);
  const teamPeople = usePresence(session.provider);
  const sharedPeople = usePresence(shared?.provider ?? null);
  // The team's presence is the team document's; the shared one adds the guests (only they are
  // never in the team document).
  const guestsHere = useMemo(() => {
    const team = new Set(everyone.filter((m) => m.role !== 'guest').map((m) => m.userId));
    return sharedPeople.filter((p) => !team.has(p.id));
  }, [sharedPeople, everyone]);
  const people = useMemo(() => mergePresence(teamPeople, guestsHere), [teamPeople, guestsHere]);
  const present = useMemo(() => new Set(people.map((p) => p.id)), [people]);
  const refreshPeople = useCallback(() => {
    onRefresh();
    setPeopleGen((g) => g + 1);
  }, [onRefresh]);
  // Someone on the case who is not on the loaded team yet (a guest who just accepted, a colleague
  // who just joined): load the team and the workspace people again, once per person.
  const onTeam = useMemo(() => new Set(detail.members.map((m) => m.userId)), [detail.members]);
  const seen = useRef(new Set<string>());
  useEffect(() => {
    const fresh = people.filter((p) => !onTeam.has(p.id) && !seen.current.has(p.id));
    if (fresh.length === 0) return;
    for (const p of fresh) seen.current.add(p.id);
    refreshPeople();
  }, [people, onTeam, refreshPeople]);
  // Guests are not owners, nor @-mentioned in internal notes.
  const members = useMemo(() => everyone.filter((m) => m.role !== 'guest'), [everyone]);
  const visit = useVisit(detail.id);
  // Asked after this person's visit is recorded, so "Seen by" lists them too.
  const views = useCaseViews(detail.id, Boolean(detail.docs.team) && visit.state !== 'loading');
  const peopleNames = useMemo(() => new Map(everyone.map((m) => [m.userId, m.name])), [everyone]);
  const canManageTeam = detail.access === 'editor' || me.role === 'owner' || me.role === 'admin';
  const readOnly = detail.access === 'viewer';
  const title = fields.title ?? detail.title;
  const uploads = useUploads(detail.id);
  const expectations = useExpectations(session.doc, shared?.doc ?? null);
  const [composing, setComposing] = useState<PromisePrefill | null>(null);
  const compose = useMemo(() => (readOnly ? null : (prefill: PromisePrefill) => setComposing(prefill)), [readOnly]);

  return (
    <PromiseComposerContext value={compose}>
      <DropZone enabled={!readOnly} onFiles={(files) => void uploads.add(files)}>
        <main className="page page--case">
          <div className="case-header">
            <div className="case-header__title">
              <Link to="/cases" className="back-link">
                ← {t('Cases')}
              </Link>
              <h1 data-testid="case-title">{title}</h1>
              <span className={`tag tag--${fields.kind ?? detail.kind}`}>{kindLabel(fields.kind ?? detail.kind)}</span>
              {fields.stage ? <span className="tag">{fields.stage}</span> : null}
            </div>
            <div className="case-header__meta">
              {detail.docs.team ? <CaseAddress caseId={detail.id} /> : null}
              <PresenceAvatars people={people} meId={user.id} />
              <ConnectionBadge status={status} saves={session.saves} alsoSaves={shared?.saves ?? null} />
            </div>
          </div>
          {readOnly ? (
            <p className="notice" role="note">
              {t('You can view this case but not change it.')}
            </p>
          ) : null}
          <SinceLastVisit caseId={detail.id} visit={visit} people={peopleNames} />
          <div className="case-layout">
            <aside className="case-layout__side stack">
              <CaseFieldsForm doc={session.doc} fields={fields} members={members} readOnly={readOnly} />
              <PromisesPanel caseId={detail.id} expectations={expectations} members={members} editable={!readOnly} />
              {detail.access === 'editor' ? <MergeActions detail={detail} onRefresh={onRefresh} /> : null}
              <CaseTeamPanel
                caseId={detail.id}
                caseTitle={title}
                members={detail.members}
                workspace={everyone}
                present={present}
                meId={user.id}
                canManage={canManageTeam}
                onChanged={refreshPeople}
              />
              {detail.docs.team ? <CaseViewsPanel caseId={detail.id} views={views} /> : null}
              {detail.docs.team ? <StakeholderMap caseId={detail.id} editable={detail.access === 'editor'} /> : null}
            </aside>
            <div className="case-layout__main">
              <PlanTabs
                account={<PlanEditor plan="account" session={session} user={user} editable={!readOnly} />}
                mutual={(active) =>
                  shared ? (
                    <>
                      <PlanEditor plan="mutual" session={shared} user={user} editable={!readOnly} hint={t('Guests see and edit this')} active={active} />
                      <MilestonesPanel doc={shared.doc} editable={!readOnly} people={[...members, ...detail.members]} />
                      <PlanTemplateActions
                        caseId={detail.id}
                        closeDate={fields.closeDate !== undefined ? fields.closeDate : detail.closeDate}
                        createdAt={detail.createdAt}
                        canApply={detail.access === 'editor'}
                        canSave={me.role === 'owner' || me.role === 'admin'}
                      />
                    </>
                  ) : (
                    <p className="muted" role={active ? 'status' : undefined}>
                      {t('Loading…')}
                    </p>
                  )
                }
              />
            </div>
            <div className="case-layout__stream">
              <ActivityPanel
                caseId={detail.id}
                session={session}
                user={user}
                members={members}
                editable={!readOnly}
                sharedSession={shared}
                canShare={detail.access === 'editor'}
                split={detail.access === 'editor' ? { caseTitle: title } : null}
                onTeamChanged={refreshPeople}
                guestsWhoOpened={views.guestsWhoOpened}
                uploads={uploads.uploads}
                onFiles={(files) => void uploads.add(files)}
                onDismissUpload={uploads.dismiss}
                onCancelImport={(id) => void uploads.cancel(id)}
                onResumeImport={(id) => void uploads.resume(id)}
              />
            </div>
          </div>
          {composing ? (
            <PromiseFormDialog
              caseId={detail.id}
              members={members}
              meId={user.id}
              prefill={composing}
              canShare={shared !== null}
              onClose={() => setComposing(null)}
            />
          ) : null}
        </main>
      </DropZone>
    </PromiseComposerContext>
  );
}
