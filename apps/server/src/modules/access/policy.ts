import type { CaseAccess, TokenScope, WorkspaceRole } from '@casehub/contract';
import type { ActivityKind, DocSide } from '@casehub/case-document';

/** Who is asking: resolved from a session cookie or an API token. */
export type Actor = {
  userId: string;
  workspaceId: string;
  role: WorkspaceRole;
  /** A token's expiry (epoch ms), when it has one: its sockets close then. */
  via: { kind: 'session'; idHash: string } | { kind: 'token'; tokenId: string; scope: TokenScope; expiresAt?: number };
};

/** What case questions need to know of the asker (a person not signed in here, say one @mentioned, is enough). */
export type Asker = Pick<Actor, 'workspaceId' | 'role'>;

/** What the policy needs to know about a case. */
export type CaseSubject = {
  workspaceId: string;
  private: boolean;
  /** The actor's row on the case team, if any. */
  membership: { access: CaseAccess } | null;
};

export type CaseAction =
  'case.view' | 'case.comment' | 'case.share' | 'case.edit' | 'case.manageTeam' | 'doc.team.read' | 'doc.team.write' | 'doc.shared.read' | 'doc.shared.write';

const accessRank: Record<CaseAccess, number> = { viewer: 0, commenter: 1, editor: 2 };

/**
 * The access a person has on a case, or null when they may not know it exists.
 * Workspace members see every non-private case (shared by default is the
 * point of the product) as editors unless the team lists them otherwise;
 * a private case and every case a guest sees are limited to the team.
 */
export function caseAccess(actor: Asker, subject: CaseSubject): CaseAccess | null {
  if (actor.workspaceId !== subject.workspaceId) return null;
  if (subject.membership) return subject.membership.access;
  if (actor.role === 'guest' || subject.private) return null;
  return 'editor';
}

const atLeast = (access: CaseAccess, needed: CaseAccess): boolean => accessRank[access] >= accessRank[needed];

/** The single answer to "may this actor do this to this case?". */
export function can(actor: Asker, action: CaseAction, subject: CaseSubject): boolean {
  const access = caseAccess(actor, subject);
  if (access === null) return false;
  const guest = actor.role === 'guest';
  switch (action) {
    case 'case.view':
    case 'doc.shared.read':
      return true;
    case 'doc.team.read':
      return !guest;
    case 'case.comment':
      return atLeast(access, 'commenter');
    case 'case.share':
    case 'case.edit':
    case 'doc.team.write':
      return !guest && atLeast(access, 'editor');
    case 'doc.shared.write':
      return atLeast(access, 'editor');
    case 'case.manageTeam':
      return !guest && (atLeast(access, 'editor') || actor.role === 'owner' || actor.role === 'admin');
  }
}

/**
 * [issue 17.5] Merging a case into another, or splitting part of one off:
 * editors of every case it touches, never guests (what moves is the team's
 * whole record, both documents and the relational rows behind them).
 */
export function canMoveBetween(actor: Asker, subjects: readonly CaseSubject[]): boolean {
  return actor.role !== 'guest' && subjects.length > 0 && subjects.every((s) => can(actor, 'case.edit', s));
}

/** Things done to one stream entry (issue 21.8). Restoring a deleted entry needs `activity.delete`. */
export type EntryAction = 'activity.edit' | 'activity.delete';

/** What the policy needs to know about an entry: its case, the document it is in, who wrote it, what it is. */
export type EntrySubject = CaseSubject & { side: DocSide; authorId: string | null; kind: ActivityKind };

const writtenKinds: ReadonlySet<ActivityKind> = new Set(['note', 'call', 'meeting']);

/**
 * May the actor edit or delete this entry? Its author may edit their own
 * note, call or meeting and delete any entry of theirs; owners and admins may
 * delete any entry (a spam email, a stray line), but not rewrite what someone
 * else wrote. A guest only touches their own entries in the shared document:
 * edits and deletes their notes, deletes a file they brought (issue 15.4);
 * a viewer nothing. Everyone needs to see the entry's document.
 */
export function canOnEntry(actor: Asker & Pick<Actor, 'userId'>, action: EntryAction, entry: EntrySubject): boolean {
  const access = caseAccess(actor, entry);
  if (access === null || !atLeast(access, 'commenter')) return false;
  if (!can(actor, docReadAction(entry.side), entry)) return false;
  const guest = actor.role === 'guest';
  const own = entry.authorId !== null && entry.authorId === actor.userId;
  if (guest) return own && entry.side === 'shared' && (writtenKinds.has(entry.kind) || (action === 'activity.delete' && entry.kind === 'file'));
  if (action === 'activity.edit') return own && writtenKinds.has(entry.kind);
  return own || actor.role === 'owner' || actor.role === 'admin';
}

/**
 * [issue 15.4] Where a person's upload to a case goes: a member who may write
 * the team document adds it there; a guest with commenter or editor access
 * brings their document into the shared side (and only there); anyone else
 * (a viewer) may not upload.
 */
export function uploadSide(actor: Asker, subject: CaseSubject): DocSide | null {
  if (can(actor, 'doc.team.write', subject)) return 'team';
  if (actor.role === 'guest' && can(actor, 'case.comment', subject)) return 'shared';
  return null;
}

export const docReadAction = (side: DocSide): CaseAction => (side === 'team' ? 'doc.team.read' : 'doc.shared.read');
export const docWriteAction = (side: DocSide): CaseAction => (side === 'team' ? 'doc.team.write' : 'doc.shared.write');

/** What a notification describes: one side of a case, or (null) the workspace itself. */
export type NotificationAbout = { side: DocSide; case: CaseSubject } | null;

/**
 * May this person read a notification about `about` (issue 20.4)? The same
 * question as opening what it describes: that side of the case, so news of
 * the team document (an internal email, a team note, an internal promise)
 * never reaches a guest, and a person taken off a private case's team or a
 * removed guest stops seeing what they were told. Workspace-level news is
 * for members, never guests. Asked when a notification is written and
 * again whenever it is read.
 */
export function canReadAbout(asker: Asker, about: NotificationAbout): boolean {
  if (about === null) return asker.role !== 'guest';
  return can(asker, docReadAction(about.side), about.case);
}

/** Workspace roles from least to most: a change to a lower one is a demotion. */
export const workspaceRank: Record<WorkspaceRole, number> = { guest: 0, member: 1, admin: 2, owner: 3 };
const reach = (access: CaseAccess | null): number => (access === null ? -1 : accessRank[access]);

/** A person on (or off) a case team, as the team rules need them: their workspace role and their row on the team. */
export type TeamTarget = { role: WorkspaceRole; current: CaseAccess | null };

/**
 * May the actor set `target`'s row on a case team to `next` (null: take it
 * away)? It needs `case.manageTeam`; and a change that leaves a workspace
 * owner or admin with less on the case than they had (worked out by
 * `caseAccess`, so dropping the row of a non-private case lowers nobody)
 * needs an actor at least as high in the workspace. Otherwise any editor of
 * a non-private case could make the owner a viewer of it (issue 20.11).
 */
export function canSetTeamAccess(actor: Asker, subject: CaseSubject, target: TeamTarget, next: CaseAccess | null): boolean {
  if (!can(actor, 'case.manageTeam', subject)) return false;
  if (target.role !== 'owner' && target.role !== 'admin') return true;
  const asTarget: Asker = { workspaceId: subject.workspaceId, role: target.role };
  const before = caseAccess(asTarget, { ...subject, membership: target.current ? { access: target.current } : null });
  const after = caseAccess(asTarget, { ...subject, membership: next ? { access: next } : null });
  return reach(after) >= reach(before) || workspaceRank[actor.role] >= workspaceRank[target.role];
}

export type WorkspaceAction =
  | 'workspace.inviteMember'
  | 'workspace.listMembers'
  | 'workspace.manageMembers'
  | 'audit.view'
  | 'case.create'
  | 'token.create'
  /** See and revoke every API token of the workspace, not only one's own. */
  | 'token.manageAll'
  | 'routing.read'
  | 'routing.manage'
  | 'contacts.use'
  /** Workspace-wide figures (the dashboard): members only, a guest sees no totals of cases they are not on. */
  | 'dashboard.view'
  /** The triage queue: mail that matched no case, its count, filing it and marking spam (issue 21.6). */
  | 'triage.use'
  /** Export the whole workspace, or import an archive into it (issue 16.3). */
  | 'workspace.transfer'
  /** Add, list and remove webhooks, read their delivery log (issue 16.1). */
  | 'webhooks.manage'
  /** Read the workspace's sign-in rules (two-factor required, SSO only, SSO domains; issue 14). */
  | 'security.view'
  /** Change them. */
  | 'security.manage'
  /** The workspace's saved replies: read, write and remove (issue 13.6). */
  | 'savedReplies.use'
  /** Saved views of cases, personal or shared (issue 17.4); who may change one is `canOnView`'s (modules/views/policy.ts). */
  | 'savedViews.use'
  /** Read plan templates and build a case's plan from one (issue 15.3). */
  | 'planTemplates.use'
  /** Create, change and delete them. */
  | 'planTemplates.manage'
  /** Read the workspace's time zone, working hours and holidays (issue 17.6). */
  | 'businessHours.read'
  /** Change them. */
  | 'businessHours.manage'
  /** Read each kind's stages (issue 17.2). */
  | 'pipelines.read'
  /** Change them (renaming or deleting a stage moves its cases). */
  | 'pipelines.manage'
  /** Read each kind's custom field definitions (issue 17.3). */
  | 'customFields.read'
  /** Define, change and delete them. */
  | 'customFields.manage';

/**
 * The role an endpoint's declared access asks for (packages/contract
 * endpoints.ts): `members` are everyone but guests, `admins` owners and
 * admins, `owner` the owner. Checked before any handler runs; the services
 * ask the finer questions (which case, which member).
 */
export function roleMeets(role: WorkspaceRole, access: 'members' | 'admins' | 'owner'): boolean {
  switch (access) {
    case 'members':
      return role !== 'guest';
    case 'admins':
      return role === 'owner' || role === 'admin';
    case 'owner':
      return role === 'owner';
  }
}

export function canInWorkspace(actor: Pick<Actor, 'role'>, action: WorkspaceAction): boolean {
  switch (action) {
    case 'workspace.inviteMember':
    case 'workspace.listMembers':
    case 'case.create':
    case 'routing.read':
    case 'contacts.use':
    case 'triage.use':
    case 'dashboard.view':
    case 'savedReplies.use':
    case 'savedViews.use':
    case 'planTemplates.use':
    case 'businessHours.read':
    case 'pipelines.read':
    case 'customFields.read':
      // Accounts and contacts are workspace-level lists: guests never see them (DESIGN §2).
      return actor.role !== 'guest';
    case 'workspace.manageMembers':
    case 'audit.view':
    case 'routing.manage':
    case 'webhooks.manage':
    case 'token.manageAll':
    case 'security.view':
    case 'planTemplates.manage':
    case 'businessHours.manage':
    case 'pipelines.manage':
    case 'customFields.manage':
      return actor.role === 'owner' || actor.role === 'admin';
    case 'token.create':
      return true;
    case 'workspace.transfer': // everything the workspace holds, private cases included
    case 'security.manage':
      return actor.role === 'owner';
  }
}

/**
 * Whether the actor may give `target` (who holds `current`) the role `next`
 * (null: remove them). Admins manage members and guests; only an owner
 * touches owners or makes admins and owners. Keeping at least one owner is
 * checked by the caller, which can count them.
 */
export function canChangeRole(actor: Actor, current: WorkspaceRole, next: WorkspaceRole | null): boolean {
  if (!canInWorkspace(actor, 'workspace.manageMembers')) return false;
  if (actor.role === 'owner') return true;
  const adminManaged = (r: WorkspaceRole | null) => r === null || r === 'member' || r === 'guest';
  return adminManaged(current) && adminManaged(next);
}

/**
 * May this person issue a password reset link for, or reset the two-factor
 * sign-in of, a member of their workspace whose role is `target`? As
 * changing their role: owners for anyone, admins for members and guests (an
 * admin taking over an owner's account would be an escalation).
 */
export function canResetSignIn(actor: Actor, target: WorkspaceRole): boolean {
  return canChangeRole(actor, target, target);
}

/**
 * May this person invite: into the workspace, or to a case (a guest, or a
 * member straight onto its team)? Asked when the invite is made and again
 * when it is accepted, of its creator as they are then (null: no longer in
 * the workspace; a case of null: gone or no longer theirs to see), so an
 * invite dies with its creator's access (issue 20.7).
 */
export function canInvite(creator: Asker | null, to: 'workspace' | { case: CaseSubject | null }): boolean {
  if (!creator) return false;
  if (to === 'workspace') return canInWorkspace(creator, 'workspace.inviteMember');
  return to.case !== null && can(creator, 'case.manageTeam', to.case);
}
