import type { WorkspaceRole } from '@casehub/contract';
import { and, count, eq, inArray, isNull } from 'drizzle-orm';
import { AppError, notFound } from '../../errors.js';
import type { Deps } from '../../deps.js';
import { apiTokens, caseMembers, cases, memberships, sessions } from '../../storage/schema.js';
import { canChangeRole, canInWorkspace, workspaceRank, type Actor } from '../access/policy.js';
import { revokePendingInvitesBy } from '../invites/repo.js';
import * as authRepo from '../auth/repo.js';

export type WorkspacesService = ReturnType<typeof createWorkspacesService>;

export function createWorkspacesService({ db, rooms }: Pick<Deps, 'db' | 'rooms'>) {
  async function target(actor: Actor, userId: string) {
    const membership = await authRepo.findMembership(db, actor.workspaceId, userId);
    if (!membership) throw notFound('No such person in this workspace');
    return membership;
  }

  async function assertAnotherOwner(workspaceId: string): Promise<void> {
    const [row] = await db
      .select({ n: count() })
      .from(memberships)
      .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.role, 'owner')));
    if ((row?.n ?? 0) <= 1) throw new AppError('conflict', 'A workspace keeps at least one owner; make someone else owner first');
  }

  return {
    async list(actor: Actor) {
      if (!canInWorkspace(actor, 'workspace.listMembers')) throw new AppError('forbidden', 'Guests cannot list workspace members');
      return authRepo.listWorkspaceMembers(db, actor.workspaceId);
    },

    async changeRole(actor: Actor, userId: string, role: WorkspaceRole): Promise<void> {
      const current = await target(actor, userId);
      if (!canChangeRole(actor, current.role, role)) throw new AppError('forbidden', `You may not make a ${current.role} a ${role}`);
      if (current.role === role) return;
      if (current.role === 'owner') await assertAnotherOwner(actor.workspaceId);
      await db.transaction(async (tx) => {
        await tx
          .update(memberships)
          .set({ role })
          .where(and(eq(memberships.workspaceId, actor.workspaceId), eq(memberships.userId, userId)));
        // Invites die with their creator's access (issue 20.7); accepting checks again.
        if (workspaceRank[role] < workspaceRank[current.role]) await revokePendingInvitesBy(tx, actor.workspaceId, userId, new Date());
      });
      await authRepo.insertAudit(db, {
        workspaceId: actor.workspaceId,
        actorId: actor.userId,
        action: 'member.role',
        subjectId: userId,
        data: { from: current.role, to: role },
      });
      // Open sockets carry the role they were opened with: each is closed to be reopened under the
      // new one (4000), or for good (4403) where the new role no longer reaches the case.
      await rooms.recheckAccess([userId]);
    },

    /**
     * Removes a person from the workspace: their membership, their case
     * team rows, their sessions and API tokens here, the invites they sent
     * that are still pending, and every open socket, at once.
     */
    async remove(actor: Actor, userId: string): Promise<void> {
      const current = await target(actor, userId);
      if (!canChangeRole(actor, current.role, null)) throw new AppError('forbidden', `You may not remove a ${current.role}`);
      if (current.role === 'owner') await assertAnotherOwner(actor.workspaceId);
      await db.transaction(async (tx) => {
        await tx.delete(memberships).where(and(eq(memberships.workspaceId, actor.workspaceId), eq(memberships.userId, userId)));
        const workspaceCases = tx.select({ id: cases.id }).from(cases).where(eq(cases.workspaceId, actor.workspaceId));
        await tx.delete(caseMembers).where(and(eq(caseMembers.userId, userId), inArray(caseMembers.caseId, workspaceCases)));
        await tx.delete(sessions).where(and(eq(sessions.userId, userId), eq(sessions.workspaceId, actor.workspaceId)));
        await revokePendingInvitesBy(tx, actor.workspaceId, userId, new Date());
        await tx
          .update(apiTokens)
          .set({ revokedAt: new Date() })
          .where(and(eq(apiTokens.userId, userId), eq(apiTokens.workspaceId, actor.workspaceId), isNull(apiTokens.revokedAt)));
        await authRepo.insertAudit(tx, {
          workspaceId: actor.workspaceId,
          actorId: actor.userId,
          action: 'member.remove',
          subjectId: userId,
          data: { role: current.role },
        });
      });
      rooms.disconnectWhere((conn) => conn.actor.userId === userId && conn.actor.workspaceId === actor.workspaceId, 'forbidden');
      rooms.announceAccessChange([userId]);
    },
  };
}
