import { useMemo } from 'react';
import { Link, useParams } from 'react-router';
import { docName } from '@casehub/case-document';
import type { CaseDetail } from '@casehub/contract';
import { api, ApiError, errorMessage } from '../lib/api';
import { useApi } from '../lib/useApi';
import { userColor } from '../lib/people';
import { useConnectionStatus, useFirstSync, usePresence, useSyncedDoc, type PresenceUser, type SyncSession } from '../lib/sync';
import { useMe } from '../features/auth/session';
import { useWorkspaceMembers } from '../features/workspace/members';
import { useCaseFields } from '../features/cases/useCaseFields';
import { CaseFieldsForm } from '../features/cases/CaseFieldsForm';
import { PlanEditor } from '../features/cases/PlanEditor';
import { PresenceAvatars } from '../features/cases/PresenceAvatars';
import { ConnectionBadge } from '../features/cases/ConnectionBadge';
import { capitalize } from '../features/cases/format';
import { ActivityPanel } from '../features/activity/ActivityPanel';
import { DropZone } from '../features/activity/DropZone';
import { CaseAddress } from '../features/activity/CaseAddress';
import { useUploads } from '../features/activity/useUploads';

export function CaseRoute() {
  const { id = '' } = useParams();
  const detail = useApi(`case:${id}`, (signal) => api.getCase(id, signal));

  if (detail.state === 'error') {
    const missing = detail.error instanceof ApiError && (detail.error.status === 404 || detail.error.status === 403);
    return (
      <main className="page">
        <div className="empty">
          <h1>{missing ? 'Case not found' : 'Could not open this case'}</h1>
          <p className="muted" role="alert">
            {missing ? 'It does not exist, or you do not have access to it.' : errorMessage(detail.error)}
          </p>
          <Link to="/cases" className="button">
            Back to cases
          </Link>
        </div>
      </main>
    );
  }
  if (detail.data === undefined) {
    return (
      <main className="page">
        <p className="muted" role="status">
          Loading case…
        </p>
      </main>
    );
  }
  return <CaseWorkspace key={detail.data.id} detail={detail.data} />;
}

function CaseWorkspace({ detail }: { detail: CaseDetail }) {
  const me = useMe();
  const user = useMemo<PresenceUser>(
    () => ({ id: me.user.id, name: me.user.name, color: userColor(me.user.id) }),
    [me.user.id, me.user.name],
  );
  // Guests only get the shared document; everyone else works in the team one.
  const name = docName(detail.id, detail.docs.team ? 'team' : 'shared');
  const session = useSyncedDoc(name, user);

  if (!session) {
    return (
      <main className="page">
        <p className="muted" role="status">
          Loading case…
        </p>
      </main>
    );
  }
  return <LiveCase detail={detail} session={session} user={user} />;
}

function LiveCase({ detail, session, user }: { detail: CaseDetail; session: SyncSession; user: PresenceUser }) {
  const fields = useCaseFields(session.doc);
  const status = useConnectionStatus(session.provider);
  const synced = useFirstSync(session.provider);
  const people = usePresence(session.provider);
  const members = useWorkspaceMembers();
  const readOnly = detail.access === 'viewer';
  const title = fields.title ?? detail.title;
  const uploads = useUploads(detail.id);

  return (
    <DropZone enabled={!readOnly} onFiles={(files) => void uploads.add(files)}>
    <main className="page page--case">
      <div className="case-header">
        <div className="case-header__title">
          <Link to="/cases" className="back-link">
            ← Cases
          </Link>
          <h1 data-testid="case-title">{title}</h1>
          <span className={`tag tag--${fields.kind ?? detail.kind}`}>{capitalize(fields.kind ?? detail.kind)}</span>
          {fields.stage ? <span className="tag">{fields.stage}</span> : null}
        </div>
        <div className="case-header__meta">
          {detail.docs.team ? <CaseAddress caseId={detail.id} /> : null}
          <PresenceAvatars people={people} meId={user.id} />
          <ConnectionBadge status={status} />
        </div>
      </div>
      {readOnly ? (
        <p className="notice" role="note">
          You can view this case but not change it.
        </p>
      ) : null}
      <div className="case-layout">
        <aside className="case-layout__side">
          <CaseFieldsForm doc={session.doc} fields={fields} members={members} readOnly={readOnly} />
        </aside>
        <div className="case-layout__main">
          <PlanEditor session={session} user={user} editable={!readOnly} synced={synced} />
        </div>
        <div className="case-layout__stream">
          <ActivityPanel
            caseId={detail.id}
            session={session}
            user={user}
            members={members}
            editable={!readOnly}
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
