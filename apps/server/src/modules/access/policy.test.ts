import type { CaseAccess, WorkspaceRole } from '@casehub/contract';
import { describe, expect, it } from 'vitest';
import {
  can,
  canChangeRole,
  caseAccess,
  canInWorkspace,
  canInvite,
  canMoveBetween,
  canOnEntry,
  canReadAbout,
  canSetTeamAccess,
  uploadSide,
  type Actor,
  type CaseAction,
  type CaseSubject,
  type EntryAction,
} from './policy.js';

const roles: WorkspaceRole[] = ['owner', 'admin', 'member', 'guest'];
const memberships: Array<CaseAccess | null> = [null, 'viewer', 'commenter', 'editor'];
const actions: CaseAction[] = [
  'case.view',
  'case.comment',
  'case.share',
  'case.edit',
  'case.manageTeam',
  'doc.team.read',
  'doc.team.write',
  'doc.shared.read',
  'doc.shared.write',
];

const actor = (role: WorkspaceRole, workspaceId = 'w1'): Actor => ({
  userId: 'u1',
  workspaceId,
  role,
  via: { kind: 'token', tokenId: 't', scope: 'read-write' },
});
const subject = (membership: CaseAccess | null, isPrivate: boolean, workspaceId = 'w1'): CaseSubject => ({
  workspaceId,
  private: isPrivate,
  membership: membership ? { access: membership } : null,
});

/** The rules written out independently of the implementation, for every combination. */
function expected(role: WorkspaceRole, membership: CaseAccess | null, isPrivate: boolean, sameWorkspace: boolean, action: CaseAction): boolean {
  if (!sameWorkspace) return false;
  const guest = role === 'guest';
  const access = membership ?? (guest || isPrivate ? null : 'editor');
  if (access === null) return false;
  const editor = access === 'editor';
  switch (action) {
    case 'case.view':
    case 'doc.shared.read':
      return true;
    case 'doc.team.read':
      return !guest;
    case 'case.comment':
      return access !== 'viewer';
    case 'case.share':
    case 'case.edit':
    case 'doc.team.write':
      return !guest && editor;
    case 'doc.shared.write':
      return editor;
    case 'case.manageTeam':
      return !guest && (editor || role === 'owner' || role === 'admin');
  }
}

describe('policy.can', () => {
  const rows: Array<[WorkspaceRole, CaseAccess | null, boolean, boolean, CaseAction]> = [];
  for (const role of roles)
    for (const m of memberships)
      for (const isPrivate of [false, true]) for (const same of [true, false]) for (const action of actions) rows.push([role, m, isPrivate, same, action]);

  it.each(rows)('[A2] %s with team access %s, private=%s, same workspace=%s: %s', (role, m, isPrivate, same, action) => {
    const s = subject(m, isPrivate, same ? 'w1' : 'w2');
    expect(can(actor(role), action, s)).toBe(expected(role, m, isPrivate, same, action));
  });

  it('[A1] covers all 576 combinations, as a pure function (no database)', () => expect(rows).toHaveLength(576));

  it('a viewer on the team reads but never writes', () => {
    const s = subject('viewer', false);
    expect(caseAccess(actor('member'), s)).toBe('viewer');
    expect(can(actor('member'), 'doc.team.read', s)).toBe(true);
    expect(can(actor('member'), 'doc.team.write', s)).toBe(false);
    expect(can(actor('member'), 'doc.shared.write', s)).toBe(false);
  });

  it('[A3] a guest never reads the team document, even as an editor on the case', () => {
    expect(can(actor('guest'), 'doc.team.read', subject('editor', false))).toBe(false);
    expect(can(actor('guest'), 'doc.shared.write', subject('editor', false))).toBe(true);
  });

  it('workspace actions: guests cannot invite members or create cases; only owners and admins manage people and read the audit log', () => {
    for (const role of roles) {
      expect(canInWorkspace(actor(role), 'workspace.inviteMember')).toBe(role !== 'guest');
      expect(canInWorkspace(actor(role), 'case.create')).toBe(role !== 'guest');
      expect(canInWorkspace(actor(role), 'contacts.use')).toBe(role !== 'guest');
      expect(canInWorkspace(actor(role), 'token.create')).toBe(true);
      expect(canInWorkspace(actor(role), 'workspace.manageMembers')).toBe(role === 'owner' || role === 'admin');
      expect(canInWorkspace(actor(role), 'audit.view')).toBe(role === 'owner' || role === 'admin');
      expect(canInWorkspace(actor(role), 'planTemplates.use')).toBe(role !== 'guest');
      expect(canInWorkspace(actor(role), 'planTemplates.manage')).toBe(role === 'owner' || role === 'admin');
    }
  });

  it('[issue 15.4] uploads: team editors to the team side, guest commenters and editors to the shared side only, viewers nowhere', () => {
    for (const role of roles) {
      for (const membership of memberships) {
        for (const isPrivate of [false, true]) {
          const access = membership ?? (role === 'guest' || isPrivate ? null : 'editor');
          const want = access === null || access === 'viewer' ? null : role === 'guest' ? 'shared' : access === 'editor' ? 'team' : null;
          expect(uploadSide(actor(role), subject(membership, isPrivate)), `${role} ${membership ?? 'none'} ${isPrivate}`).toBe(want);
        }
      }
      expect(uploadSide(actor(role), subject('editor', false, 'w2'))).toBeNull();
    }
  });

  const targets: Array<WorkspaceRole | null> = [...roles, null];
  const roleRows: Array<[WorkspaceRole, WorkspaceRole, WorkspaceRole | null]> = [];
  for (const who of roles) for (const current of roles) for (const next of targets) roleRows.push([who, current, next]);
  it.each(roleRows)('a %s changing a %s to %s', (who, current, next) => {
    const adminManaged = (r: WorkspaceRole | null) => r === null || r === 'member' || r === 'guest';
    const allowed = who === 'owner' || (who === 'admin' && adminManaged(current) && adminManaged(next));
    expect(canChangeRole(actor(who), current, next)).toBe(allowed);
  });
});

describe('[issue 21.8] who may edit and delete a stream entry', () => {
  const sides = ['team', 'shared'] as const;
  const kinds = ['note', 'call', 'meeting', 'email', 'file', 'system'] as const;
  const entryActions: EntryAction[] = ['activity.edit', 'activity.delete'];

  /** The rules written out independently, for every combination. */
  function expectedOnEntry(
    role: WorkspaceRole,
    membership: CaseAccess | null,
    own: boolean,
    side: 'team' | 'shared',
    kind: string,
    action: EntryAction,
  ): boolean {
    const guest = role === 'guest';
    const access = membership ?? (guest ? null : 'editor');
    if (access === null || access === 'viewer') return false;
    if (guest && side === 'team') return false;
    const written = kind === 'note' || kind === 'call' || kind === 'meeting';
    if (guest) return own && (written || (action === 'activity.delete' && kind === 'file'));
    if (action === 'activity.edit') return own && written;
    return own || role === 'owner' || role === 'admin';
  }

  it('matches the rules for every role, case access, author, document, kind and action', () => {
    let checked = 0;
    for (const role of roles)
      for (const membership of memberships)
        for (const own of [true, false])
          for (const side of sides)
            for (const kind of kinds)
              for (const action of entryActions) {
                const entry = { ...subject(membership, false), side, kind, authorId: own ? 'u1' : 'u2' };
                expect(canOnEntry(actor(role), action, entry), `${role}/${membership}/${own ? 'own' : 'other'}/${side}/${kind}/${action}`).toBe(
                  expectedOnEntry(role, membership, own, side, kind, action),
                );
                checked++;
              }
    expect(checked).toBe(roles.length * memberships.length * 2 * sides.length * kinds.length * entryActions.length);
  });

  it("nobody acts on entries of another workspace or of a private case they are not on; an entry with no author is no one's own", () => {
    const note = { kind: 'note' as const, side: 'team' as const, authorId: 'u1' };
    expect(canOnEntry(actor('owner', 'w2'), 'activity.delete', { ...subject('editor', false), ...note })).toBe(false);
    expect(canOnEntry(actor('admin'), 'activity.delete', { ...subject(null, true), ...note })).toBe(false);
    expect(canOnEntry(actor('member'), 'activity.delete', { ...subject(null, false), ...note, authorId: null })).toBe(false);
    expect(canOnEntry({ userId: 'u1', workspaceId: 'w1', role: 'member' }, 'activity.edit', { ...subject(null, false), ...note })).toBe(true);
  });
});

describe('[issue 20.4] [N3.1] who may read a notification', () => {
  it('about one side of a case: exactly who may read that document; about the workspace: members, never guests', () => {
    let checked = 0;
    for (const role of roles)
      for (const m of memberships)
        for (const isPrivate of [false, true])
          for (const same of [true, false])
            for (const side of ['team', 'shared'] as const) {
              const s = subject(m, isPrivate, same ? 'w1' : 'w2');
              expect(canReadAbout(actor(role), { side, case: s })).toBe(
                expected(role, m, isPrivate, same, side === 'team' ? 'doc.team.read' : 'doc.shared.read'),
              );
              checked++;
            }
    expect(checked).toBe(roles.length * memberships.length * 2 * 2 * 2);
    for (const role of roles) expect(canReadAbout(actor(role), null)).toBe(role !== 'guest');
  });

  it('a guest on the team, even as an editor, is never told of the team document', () => {
    expect(canReadAbout(actor('guest'), { side: 'team', case: subject('editor', false) })).toBe(false);
    expect(canReadAbout(actor('guest'), { side: 'shared', case: subject('editor', false) })).toBe(true);
    expect(canReadAbout(actor('guest'), { side: 'shared', case: subject(null, false) })).toBe(false);
  });
});

describe('[issue 20.11] [A12] who may change a case team row', () => {
  const nexts: Array<CaseAccess | null> = [...memberships];
  const rank = { guest: 0, member: 1, admin: 2, owner: 3 } as const;
  const reach = (a: CaseAccess | null) => (a === null ? -1 : { viewer: 0, commenter: 1, editor: 2 }[a]);

  /** Written out independently: manageTeam, and no lowering an owner's or admin's access from below them. */
  function expectedTeam(
    who: WorkspaceRole,
    whoOnTeam: CaseAccess | null,
    isPrivate: boolean,
    target: WorkspaceRole,
    current: CaseAccess | null,
    next: CaseAccess | null,
  ): boolean {
    if (!expected(who, whoOnTeam, isPrivate, true, 'case.manageTeam')) return false;
    if (target !== 'owner' && target !== 'admin') return true;
    const effective = (row: CaseAccess | null) => row ?? (isPrivate ? null : 'editor');
    const lowered = reach(effective(next)) < reach(effective(current));
    return !lowered || rank[who] >= rank[target];
  }

  it('matches the rule for every actor, case, target and change', () => {
    let checked = 0;
    for (const who of roles)
      for (const whoOnTeam of memberships)
        for (const isPrivate of [false, true])
          for (const target of roles)
            for (const current of memberships)
              for (const next of nexts) {
                const got = canSetTeamAccess(actor(who), subject(whoOnTeam, isPrivate), { role: target, current }, next);
                expect(got, `${who}/${whoOnTeam}/${isPrivate}/${target}/${current}->${next}`).toBe(
                  expectedTeam(who, whoOnTeam, isPrivate, target, current, next),
                );
                checked++;
              }
    expect(checked).toBe(4 * 4 * 2 * 4 * 4 * 4);
  });

  it('a member editing a non-private case cannot make the workspace owner or an admin a viewer, nor take a private case from them', () => {
    expect(canSetTeamAccess(actor('member'), subject(null, false), { role: 'owner', current: null }, 'viewer')).toBe(false);
    expect(canSetTeamAccess(actor('member'), subject(null, false), { role: 'admin', current: 'editor' }, 'commenter')).toBe(false);
    expect(canSetTeamAccess(actor('member'), subject('editor', true), { role: 'owner', current: 'editor' }, null)).toBe(false);
    // Raising them, or dropping a row that only held them back, is fine; so is anything done to a member or guest.
    expect(canSetTeamAccess(actor('member'), subject(null, false), { role: 'owner', current: 'viewer' }, 'editor')).toBe(true);
    expect(canSetTeamAccess(actor('member'), subject(null, false), { role: 'owner', current: 'viewer' }, null)).toBe(true);
    expect(canSetTeamAccess(actor('member'), subject(null, false), { role: 'member', current: null }, 'viewer')).toBe(true);
    // An admin cannot demote the owner; the owner can demote anyone, themselves included.
    expect(canSetTeamAccess(actor('admin'), subject(null, false), { role: 'owner', current: null }, 'viewer')).toBe(false);
    expect(canSetTeamAccess(actor('owner'), subject(null, false), { role: 'owner', current: null }, 'viewer')).toBe(true);
    // A viewer on the team cannot change it at all.
    expect(canSetTeamAccess(actor('member'), subject('viewer', false), { role: 'guest', current: 'viewer' }, null)).toBe(false);
  });
});

describe('[issue 20.7] [A11.1] an invite speaks for its creator as they are now', () => {
  it('into the workspace: a member, admin or owner still in it; to a case: someone who may still manage its team', () => {
    for (const role of roles) {
      const creator = { workspaceId: 'w1', role };
      expect(canInvite(creator, 'workspace')).toBe(role !== 'guest');
      for (const m of memberships)
        for (const isPrivate of [false, true])
          expect(canInvite(creator, { case: subject(m, isPrivate) })).toBe(can(creator, 'case.manageTeam', subject(m, isPrivate)));
      expect(canInvite(creator, { case: null })).toBe(false);
    }
    expect(canInvite(null, 'workspace')).toBe(false);
    expect(canInvite(null, { case: subject('editor', false) })).toBe(false);
  });
});

describe('merge and split (issue 17.5)', () => {
  it('asks for an editor of every case it touches, and never a guest', () => {
    expect(canMoveBetween(actor('member'), [subject(null, false), subject('editor', true)])).toBe(true);
    // A viewer of either case may not move anything between them.
    expect(canMoveBetween(actor('member'), [subject('editor', false), subject('viewer', false)])).toBe(false);
    expect(canMoveBetween(actor('member'), [subject(null, true)])).toBe(false);
    // A guest editor of both cases still may not.
    expect(canMoveBetween(actor('guest'), [subject('editor', false), subject('editor', false)])).toBe(false);
    // An admin may manage a private case's team but is no editor of it without a row.
    expect(canMoveBetween(actor('admin'), [subject(null, true)])).toBe(false);
    expect(canMoveBetween(actor('owner'), [subject(null, false), subject(null, false, 'w2')])).toBe(false);
    expect(canMoveBetween(actor('member'), [])).toBe(false);
  });
});
