import type { InviteAcceptChallenge, InviteAcceptResponse, InviteCreateInput, InviteCreateResponse, InvitePreview } from '@casehub/contract';
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import { AppError, notFound } from '../../errors.js';
import type { Deps } from '../../deps.js';
import { hashSecret, newId, newSecret } from '../../lib/ids.js';
import { invites } from '../../storage/schema.js';
import type { Db } from '../../storage/db.js';
import { canInWorkspace, canInvite, type Actor } from '../access/policy.js';
import * as authRepo from '../auth/repo.js';
import { tooMany, type AuthService, type Client, type NewSession } from '../auth/service.js';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import { AttemptLimiter, reserveAttempt } from '../auth/rate-limit.js';
import type { createInviteMailer } from './mailer.js';
import * as casesRepo from '../cases/repo.js';
import type { CasesService } from '../cases/service.js';
import { emitWebhookEvent } from '../webhooks/events.js';
import { guestJoined } from '../webhooks/payloads.js';

/** Invites expire after a week unless used or revoked first. */
export const inviteTtlMs = 7 * 24 * 3600_000;

const invalidInvite = () => notFound('This invite link is unknown, already used, revoked or expired');

export type InvitesService = ReturnType<typeof createInvitesService>;

export function createInvitesService({
  db,
  auth,
  cases,
  mailer,
  limits,
}: Pick<Deps, 'db' | 'limits'> & { auth: AuthService; cases: CasesService; mailer: ReturnType<typeof createInviteMailer> }) {
  async function findUsable(token: string) {
    const [row] = await db
      .select()
      .from(invites)
      .where(and(eq(invites.tokenHash, hashSecret(token)), isNull(invites.acceptedAt), isNull(invites.revokedAt), gt(invites.expiresAt, new Date())))
      .limit(1);
    return row;
  }

  /**
   * Whether the invite's creator may still send it, as they are now: still in
   * the workspace with the right to invite, and for a case invite still able
   * to manage that case's team (issue 20.7). Otherwise a person removed or
   * demoted could come back through an invite they made before.
   */
  async function creatorMayStill(q: Db, invite: typeof invites.$inferSelect): Promise<boolean> {
    const membership = await authRepo.findMembership(q, invite.workspaceId, invite.createdBy);
    const creator = membership ? { workspaceId: invite.workspaceId, role: membership.role } : null;
    if (!invite.caseId) return canInvite(creator, 'workspace');
    const found = await casesRepo.findCaseWithMembership(q, invite.workspaceId, invite.caseId, invite.createdBy);
    const subject = found && {
      workspaceId: found.case.workspaceId,
      private: found.case.private,
      membership: found.membership && { access: found.membership.access },
    };
    return canInvite(creator, { case: subject ?? null });
  }

  // Attempts at the accept endpoint per client address, counted before the
  // token lookup and the Argon2 work they cost; a successful one is given back.
  const acceptAttempts = new AttemptLimiter(20, 60_000, { store: limits, name: 'invite.accept' });

  return {
    /** Pending invites the actor may see: all for owners and admins, else the ones they sent. */
    async listPending(actor: Actor, caseId?: string) {
      if (!canInWorkspace(actor, 'workspace.inviteMember')) throw new AppError('forbidden', 'Guests cannot see invites');
      const mine = canInWorkspace(actor, 'workspace.manageMembers') ? undefined : eq(invites.createdBy, actor.userId);
      const rows = await db
        .select({
          id: invites.id,
          email: invites.email,
          role: invites.role,
          caseId: invites.caseId,
          access: invites.access,
          createdAt: invites.createdAt,
          expiresAt: invites.expiresAt,
        })
        .from(invites)
        .where(
          and(
            eq(invites.workspaceId, actor.workspaceId),
            isNull(invites.acceptedAt),
            isNull(invites.revokedAt),
            gt(invites.expiresAt, new Date()),
            caseId ? eq(invites.caseId, caseId) : undefined,
            mine,
          ),
        )
        .orderBy(desc(invites.createdAt));
      return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), expiresAt: r.expiresAt.toISOString() }));
    },

    /** Revokes an unused invite: its link stops working at once. */
    async revoke(actor: Actor, inviteId: string): Promise<void> {
      const [invite] = await db
        .select()
        .from(invites)
        .where(and(eq(invites.id, inviteId), eq(invites.workspaceId, actor.workspaceId)))
        .limit(1);
      if (!invite || invite.acceptedAt || invite.revokedAt) throw notFound('No such pending invite');
      const allowed = invite.createdBy === actor.userId || canInWorkspace(actor, 'workspace.manageMembers');
      if (!allowed) throw new AppError('forbidden', 'Only the person who sent it, or an admin, can revoke this invite');
      await db.update(invites).set({ revokedAt: new Date() }).where(eq(invites.id, inviteId));
      await authRepo.insertAudit(db, {
        workspaceId: actor.workspaceId,
        actorId: actor.userId,
        action: 'invite.revoke',
        subjectId: inviteId,
        data: { email: invite.email },
      });
    },

    async create(actor: Actor, input: InviteCreateInput, origin: string): Promise<InviteCreateResponse> {
      if (input.role === 'guest' || input.caseId) {
        if (!input.caseId) throw new AppError('validation_failed', 'caseId: a guest is invited to a case');
        // Throws 404 if the case is not visible, 403 if the team may not be changed.
        await cases.assertCanManageTeam(actor, input.caseId);
      } else if (!canInWorkspace(actor, 'workspace.inviteMember')) {
        throw new AppError('forbidden', 'You may not invite people to this workspace');
      }
      const token = newSecret();
      const id = newId();
      const expiresAt = new Date(Date.now() + inviteTtlMs);
      await db.insert(invites).values({
        id,
        tokenHash: hashSecret(token),
        workspaceId: actor.workspaceId,
        email: input.email,
        role: input.role,
        caseId: input.caseId ?? null,
        access: input.caseId ? (input.access ?? 'editor') : null,
        createdBy: actor.userId,
        expiresAt,
      });
      await authRepo.insertAudit(db, {
        workspaceId: actor.workspaceId,
        actorId: actor.userId,
        action: 'invite.create',
        subjectId: id,
        data: { email: input.email, role: input.role, caseId: input.caseId ?? null },
      });
      const url = `${origin}/invite/${encodeURIComponent(token)}`;
      const [inviter, workspace, caseRow] = await Promise.all([
        authRepo.findUserById(db, actor.userId),
        authRepo.findWorkspace(db, actor.workspaceId),
        input.caseId ? cases.get(actor, input.caseId) : Promise.resolve(null),
      ]);
      const emailed = await mailer.send({
        email: input.email,
        url,
        inviterName: inviter?.name ?? 'A colleague',
        workspaceName: workspace?.name ?? '',
        caseTitle: caseRow?.title ?? null,
      });
      return { id, token, url, expiresAt: expiresAt.toISOString(), emailed };
    },

    async preview(token: string): Promise<InvitePreview> {
      const invite = await findUsable(token);
      if (!invite || !(await creatorMayStill(db, invite))) throw invalidInvite();
      const [workspace, user, caseTitle] = await Promise.all([
        authRepo.findWorkspace(db, invite.workspaceId),
        authRepo.findUserByEmail(db, invite.email),
        invite.caseId ? casesRepo.findCaseTitle(db, invite.workspaceId, invite.caseId) : Promise.resolve(null),
      ]);
      return {
        email: invite.email,
        workspaceName: workspace?.name ?? '',
        role: invite.role,
        existingUser: user !== undefined,
        expiresAt: invite.expiresAt.toISOString(),
        caseTitle,
      };
    },

    /**
     * A person new to this server who signed in by single sign-on with an
     * address someone invited as a member: their account is made and the
     * newest such invite accepted (its case too), in one transaction. Null
     * when no live member invite names the address.
     */
    async joinBySso(email: string, user: { id: string; name: string; passwordHash: string }): Promise<{ workspaceId: string } | null> {
      const pending = await db
        .select()
        .from(invites)
        .where(
          and(eq(invites.email, email), eq(invites.role, 'member'), isNull(invites.acceptedAt), isNull(invites.revokedAt), gt(invites.expiresAt, new Date())),
        )
        .orderBy(desc(invites.createdAt));
      for (const invite of pending) {
        if (!(await creatorMayStill(db, invite))) continue;
        const joined = await db.transaction(async (tx) => {
          const claimed = await tx
            .update(invites)
            .set({ acceptedAt: new Date(), acceptedBy: user.id })
            .where(and(eq(invites.id, invite.id), isNull(invites.acceptedAt)))
            .returning({ id: invites.id });
          if (claimed.length === 0) return false;
          await authRepo.insertUser(tx, { id: user.id, email, name: user.name, passwordHash: user.passwordHash });
          await authRepo.upsertMembership(tx, { workspaceId: invite.workspaceId, userId: user.id, role: 'member' });
          if (invite.caseId) await casesRepo.upsertCaseMember(tx, { caseId: invite.caseId, userId: user.id, access: invite.access ?? 'editor', role: null });
          await authRepo.insertAudit(tx, {
            workspaceId: invite.workspaceId,
            actorId: user.id,
            action: 'invite.accept',
            subjectId: invite.id,
            data: { via: 'sso' },
          });
          return true;
        });
        if (joined) return { workspaceId: invite.workspaceId };
      }
      return null;
    },

    /**
     * Joins the invite's workspace as the invite's email. An existing account
     * proves itself with its password; a new one is created. The invite is
     * claimed by a conditional update, so two concurrent accepts cannot both win.
     */
    async accept(
      token: string,
      input: { name?: string | undefined; password: string },
      client: Client,
    ): Promise<{ me: InviteAcceptResponse; session: NewSession } | InviteAcceptChallenge> {
      const address = client.address;
      const wait = await reserveAttempt([[acceptAttempts, address]]);
      if (wait > 0) throw tooMany('Too many attempts', wait);
      const invite = await findUsable(token);
      if (!invite || !(await creatorMayStill(db, invite))) throw invalidInvite();
      if (invite.role === 'member' && (await authRepo.findWorkspace(db, invite.workspaceId))?.ssoOnly) {
        throw new AppError(
          'forbidden',
          `This workspace signs in with single sign-on: choose the single sign-on button on the sign-in page, as ${invite.email}; your invite lets you in`,
        );
      }
      const existing = await authRepo.findUserByEmail(db, invite.email);
      if (existing) {
        // The account's own limit holds here too: an invite is not a side door for guessing its password.
        await auth.reservePasswordCheck(existing.email);
        if (!(await verifyPassword(existing.passwordHash, input.password))) {
          throw new AppError('unauthenticated', `An account for ${invite.email} exists; enter its password to accept`);
        }
        auth.passwordCheckPassed(existing.email);
      } else {
        if (!input.name) throw new AppError('validation_failed', 'name: tell us your name to create your account');
        if (input.password.length < 8) throw new AppError('validation_failed', 'password: must be at least 8 characters');
      }
      const passwordHash = existing ? null : await hashPassword(input.password);
      const userId = existing?.id ?? newId();
      await db.transaction(async (tx) => {
        const claimed = await tx
          .update(invites)
          .set({ acceptedAt: new Date(), acceptedBy: userId })
          .where(and(eq(invites.id, invite.id), isNull(invites.acceptedAt), isNull(invites.revokedAt), gt(invites.expiresAt, sql`now()`)))
          .returning({ id: invites.id });
        // Asked again in the claiming transaction: the creator may have been removed since the check above.
        if (claimed.length === 0 || !(await creatorMayStill(tx, invite))) throw invalidInvite();
        if (passwordHash !== null) {
          await authRepo.insertUser(tx, { id: userId, email: invite.email, name: input.name ?? invite.email, passwordHash });
        }
        await authRepo.upsertMembership(tx, { workspaceId: invite.workspaceId, userId, role: invite.role });
        if (invite.caseId) {
          await casesRepo.upsertCaseMember(tx, { caseId: invite.caseId, userId, access: invite.access ?? 'viewer', role: null });
          // [issue 16.1] The webhook outbox, in the same commit as the guest's place on the case.
          if (invite.role === 'guest') {
            const guest = { id: userId, name: existing?.name ?? input.name ?? invite.email, email: invite.email, access: invite.access ?? 'viewer' };
            await emitWebhookEvent(tx, guestJoined(invite.workspaceId, invite.caseId, guest, invite.id));
          }
        }
        await authRepo.insertAudit(tx, {
          workspaceId: invite.workspaceId,
          actorId: userId,
          action: 'invite.accept',
          subjectId: invite.id,
        });
      });
      acceptAttempts.refund(address);
      // A password is one factor: a second factor is asked here as at sign-in (an invite is no way around it).
      const result = await auth.sessionOrChallenge(userId, invite.workspaceId, client);
      if ('twoFactor' in result) return { ...result, caseId: invite.caseId };
      return { me: { ...result.me, caseId: invite.caseId }, session: result.session };
    },
  };
}
