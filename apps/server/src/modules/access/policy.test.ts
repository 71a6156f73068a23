import type { CaseAccess, WorkspaceRole } from '@casehub/contract';
import { describe, expect, it } from 'vitest';
import { can, canChangeRole, caseAccess, canInWorkspace, canOnEntry, type Actor, type CaseAction, type CaseSubject, type EntryAction } from './policy.js';

const roles: WorkspaceRole[] = ['owner', 'admin', 'member', 'guest'];
const memberships: Array<CaseAccess | null> = [null, 'viewer', 'commenter', 'editor'];
const actions: CaseAction[] = ['case.view', 'case.comment', 'case.share', 'case.edit', 'case.manageTeam', 'doc.team.read', 'doc.team.write', 'doc.shared.read', 'doc.shared.write'];

const actor = (role: WorkspaceRole, workspaceId = 'w1'): Actor => ({ userId: 'u1', workspaceId, role, via: { kind: 'token', tokenId: 't' } });
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
      for (const isPrivate of [false, true])
        for (const same of [true, false]) for (const action of actions) rows.push([role, m, isPrivate, same, action]);

  it.each(rows)('%s with team access %s, private=%s, same workspace=%s: %s', (role, m, isPrivate, same, action) => {
    const s = subject(m, isPrivate, same ? 'w1' : 'w2');
    expect(can(actor(role), action, s)).toBe(expected(role, m, isPrivate, same, action));
  });

  it('covers all 576 combinations', () => expect(rows).toHaveLength(576));

  it('a viewer on the team reads but never writes', () => {
    const s = subject('viewer', false);
    expect(caseAccess(actor('member'), s)).toBe('viewer');
    expect(can(actor('member'), 'doc.team.read', s)).toBe(true);
    expect(can(actor('member'), 'doc.team.write', s)).toBe(false);
    expect(can(actor('member'), 'doc.shared.write', s)).toBe(false);
  });

  it('a guest never reads the team document, even as an editor on the case', () => {
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
  function expectedOnEntry(role: WorkspaceRole, membership: CaseAccess | null, own: boolean, side: 'team' | 'shared', kind: string, action: EntryAction): boolean {
    const guest = role === 'guest';
    const access = membership ?? (guest ? null : 'editor');
    if (access === null || access === 'viewer') return false;
    if (guest && side === 'team') return false;
    const written = kind === 'note' || kind === 'call' || kind === 'meeting';
    if (guest) return own && written;
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

  it('nobody acts on entries of another workspace or of a private case they are not on; an entry with no author is no one\'s own', () => {
    const note = { kind: 'note' as const, side: 'team' as const, authorId: 'u1' };
    expect(canOnEntry(actor('owner', 'w2'), 'activity.delete', { ...subject('editor', false), ...note })).toBe(false);
    expect(canOnEntry(actor('admin'), 'activity.delete', { ...subject(null, true), ...note })).toBe(false);
    expect(canOnEntry(actor('member'), 'activity.delete', { ...subject(null, false), ...note, authorId: null })).toBe(false);
    expect(canOnEntry({ userId: 'u1', workspaceId: 'w1', role: 'member' }, 'activity.edit', { ...subject(null, false), ...note })).toBe(true);
  });
});
