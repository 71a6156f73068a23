import type { CaseAccess, WorkspaceRole } from '@casehub/contract';
import type { ActivityKind, DocSide } from '@casehub/case-document';

/** Who is asking: resolved from a session cookie or an API token. */
export type Actor = {
  userId: string;
  workspaceId: string;
  role: WorkspaceRole;
  via: { kind: 'session'; idHash: string } | { kind: 'token'; tokenId: string };
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
  | 'case.view'
  | 'case.comment'
  | 'case.share'
  | 'case.edit'
  | 'case.manageTeam'
  | 'doc.team.read'
  | 'doc.team.write'
  | 'doc.shared.read'
  | 'doc.shared.write';

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

/** Things done to one stream entry (issue 21.8). Restoring a deleted entry needs `activity.delete`. */
export type EntryAction = 'activity.edit' | 'activity.delete';

/** What the policy needs to know about an entry: its case, the document it is in, who wrote it, what it is. */
export type EntrySubject = CaseSubject & { side: DocSide; authorId: string | null; kind: ActivityKind };

const writtenKinds: ReadonlySet<ActivityKind> = new Set(['note', 'call', 'meeting']);

/**
 * May the actor edit or delete this entry? Its author may edit their own
 * note, call or meeting and delete any entry of theirs; owners and admins may
 * delete any entry (a spam email, a stray line), but not rewrite what someone
 * else wrote. A guest only touches their own notes in the shared document;
 * a viewer nothing. Everyone needs to see the entry's document.
 */
export function canOnEntry(actor: Asker & Pick<Actor, 'userId'>, action: EntryAction, entry: EntrySubject): boolean {
  const access = caseAccess(actor, entry);
  if (access === null || !atLeast(access, 'commenter')) return false;
  if (!can(actor, docReadAction(entry.side), entry)) return false;
  const guest = actor.role === 'guest';
  const own = entry.authorId !== null && entry.authorId === actor.userId;
  if (guest) return own && entry.side === 'shared' && writtenKinds.has(entry.kind);
  if (action === 'activity.edit') return own && writtenKinds.has(entry.kind);
  return own || actor.role === 'owner' || actor.role === 'admin';
}

export const docReadAction = (side: DocSide): CaseAction => (side === 'team' ? 'doc.team.read' : 'doc.shared.read');
export const docWriteAction = (side: DocSide): CaseAction => (side === 'team' ? 'doc.team.write' : 'doc.shared.write');

export type WorkspaceAction =
  | 'workspace.inviteMember'
  | 'workspace.listMembers'
  | 'workspace.manageMembers'
  | 'audit.view'
  | 'case.create'
  | 'token.create'
  | 'routing.read'
  | 'routing.manage'
  | 'contacts.use'
  /** Export the whole workspace, or import an archive into it (issue 16.3). */
  | 'workspace.transfer';

export function canInWorkspace(actor: Actor, action: WorkspaceAction): boolean {
  switch (action) {
    case 'workspace.inviteMember':
    case 'workspace.listMembers':
    case 'case.create':
    case 'routing.read':
    case 'contacts.use':
      // Accounts and contacts are workspace-level lists: guests never see them (DESIGN §2).
      return actor.role !== 'guest';
    case 'workspace.manageMembers':
    case 'audit.view':
    case 'routing.manage':
      return actor.role === 'owner' || actor.role === 'admin';
    case 'token.create':
      return true;
    case 'workspace.transfer':
      // Everything the workspace holds, private cases included: the owner's alone.
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
