import type { LoginInput, MeResponse, SignupInput, TokenSummary } from '@casehub/contract';
import { AppError } from '../../errors.js';
import type { Deps } from '../../deps.js';
import { hashSecret, newId, newSecret } from '../../lib/ids.js';
import type { Db } from '../../storage/db.js';
import type { Actor } from '../access/policy.js';
import { canInWorkspace } from '../access/policy.js';
import { decoyHash, hashPassword, verifyPassword } from './passwords.js';
import { AttemptLimiter, reserveAttempt } from './rate-limit.js';
import * as repo from './repo.js';
import { eq } from 'drizzle-orm';
import { sessions, users } from '../../storage/schema.js';

export const sessionCookieName = 'casehub_session';
/** A session ends after a week without use, and after 30 days whatever happens. */
export const sessionIdleMs = 7 * 24 * 3600_000;
export const sessionAbsoluteMs = 30 * 24 * 3600_000;
/** lastSeenAt is written at most this often, so reads stay reads. */
const touchEveryMs = 5 * 60_000;

export type NewSession = { secret: string; expiresAt: Date };

/** 429 saying when to come back. */
export function tooMany(what: string, waitMs: number): AppError {
  const seconds = Math.ceil(waitMs / 1000);
  return new AppError('rate_limited', `${what}; try again in ${seconds} s`, { retryAfterSeconds: seconds });
}

export type AuthService = ReturnType<typeof createAuthService>;

export function createAuthService({
  db,
  rooms,
  signupsPerHour,
  signup = 'open',
}: Pick<Deps, 'db' | 'rooms'> & { signupsPerHour: number; signup?: 'open' | 'invite' }) {
  // Five password checks a minute per account, thirty per address, counted
  // as they start (a right password is given back); sign-ups per address.
  const perAccount = new AttemptLimiter(5, 60_000);
  const perAddress = new AttemptLimiter(30, 60_000);
  const signupsPerAddress = new AttemptLimiter(signupsPerHour, 3600_000);

  async function startSession(tx: Db, userId: string, workspaceId: string): Promise<NewSession> {
    const secret = newSecret();
    const now = Date.now();
    const expiresAt = new Date(now + sessionAbsoluteMs);
    await repo.insertSession(tx, { idHash: hashSecret(secret), userId, workspaceId, expiresAt });
    return { secret, expiresAt };
  }

  async function me(userId: string, workspaceId: string): Promise<MeResponse> {
    const [user, workspace, membership] = await Promise.all([
      repo.findUserById(db, userId),
      repo.findWorkspace(db, workspaceId),
      repo.findMembership(db, workspaceId, userId),
    ]);
    if (!user || !workspace || !membership) throw new AppError('unauthenticated', 'Sign in first');
    return {
      user: { id: user.id, email: user.email, name: user.name },
      workspace: { id: workspace.id, name: workspace.name },
      role: membership.role,
    };
  }

  /** Counts a password check for this account and address before it runs, or refuses it with 429. */
  function reservePasswordCheck(email: string, address: string | null): void {
    const wait = reserveAttempt(
      address === null
        ? [[perAccount, email]]
        : [
            [perAccount, email],
            [perAddress, address],
          ],
    );
    if (wait > 0) throw tooMany('Too many sign-in attempts', wait);
  }

  /**
   * A session that is live and not idle, marked as used (at most every
   * touchEveryMs), for a request or for an open socket (a connected tab is
   * use); an idle one is deleted.
   */
  async function liveSession(idHash: string) {
    const now = new Date();
    const session = await repo.findLiveSession(db, idHash, now);
    if (!session) return null;
    const idleFor = now.getTime() - session.lastSeenAt.getTime();
    if (idleFor > sessionIdleMs) {
      await repo.deleteSession(db, idHash);
      return null;
    }
    if (idleFor > touchEveryMs) await repo.touchSession(db, idHash, now);
    return session;
  }

  return {
    me,
    startSession,

    /** For other ways in that check a password (invite acceptance): the same per-account limit as sign-in. */
    reservePasswordCheck: (email: string): void => reservePasswordCheck(email, null),
    passwordCheckPassed: (email: string): void => perAccount.reset(email),

    async signup(input: SignupInput, address: string): Promise<{ me: MeResponse; session: NewSession }> {
      const wait = reserveAttempt([[signupsPerAddress, address]]);
      if (wait > 0) throw tooMany(`Too many sign-ups from your address (at most ${signupsPerHour} an hour)`, wait);
      const passwordHash = await hashPassword(input.password);
      const userId = newId();
      const workspaceId = newId();
      const session = await db.transaction(async (tx) => {
        // SIGNUP=invite: the first person on an empty server creates the first workspace; everyone after comes by invite.
        if (signup === 'invite' && (await repo.anyUser(tx))) {
          throw new AppError('forbidden', 'Sign-up is by invitation on this server: ask someone in your team to invite you');
        }
        if (await repo.findUserByEmail(tx, input.email)) {
          throw new AppError('conflict', 'An account with this email already exists; sign in instead');
        }
        await repo.insertUser(tx, { id: userId, email: input.email, name: input.name, passwordHash });
        await repo.insertWorkspace(tx, { id: workspaceId, name: input.workspaceName });
        await repo.upsertMembership(tx, { workspaceId, userId, role: 'owner' });
        await repo.insertAudit(tx, { workspaceId, actorId: userId, action: 'user.signup', subjectId: userId });
        return startSession(tx, userId, workspaceId);
      });
      return { me: await me(userId, workspaceId), session };
    },

    async login(input: LoginInput, address: string): Promise<{ me: MeResponse; session: NewSession }> {
      reservePasswordCheck(input.email, address);
      const user = await repo.findUserByEmail(db, input.email);
      const ok = await verifyPassword(user?.passwordHash ?? (await decoyHash()), input.password);
      if (!user || !ok) throw new AppError('unauthenticated', 'Email or password is incorrect');
      perAccount.reset(input.email);
      perAddress.refund(address);
      const membership = await repo.primaryMembership(db, user.id);
      if (!membership) throw new AppError('forbidden', 'This account no longer belongs to any workspace');
      const session = await startSession(db, user.id, membership.workspaceId);
      await repo.insertAudit(db, {
        workspaceId: membership.workspaceId,
        actorId: user.id,
        action: 'user.signin',
        subjectId: user.id,
        data: { address },
      });
      return { me: await me(user.id, membership.workspaceId), session };
    },

    /** Ends the session and closes every sync socket it opened, at once. */
    async logout(actor: Actor): Promise<void> {
      if (actor.via.kind !== 'session') return;
      const idHash = actor.via.idHash;
      await repo.deleteSession(db, idHash);
      rooms.disconnectWhere((conn) => conn.actor.via.kind === 'session' && conn.actor.via.idHash === idHash, 'unauthenticated');
      rooms.announceAccessChange([actor.userId]);
    },

    async resolveSession(secret: string): Promise<Actor | null> {
      const idHash = hashSecret(secret);
      const session = await liveSession(idHash);
      if (!session) return null;
      const membership = await repo.findMembership(db, session.workspaceId, session.userId);
      if (!membership) return null;
      return { userId: session.userId, workspaceId: session.workspaceId, role: membership.role, via: { kind: 'session', idHash } };
    },

    async resolveToken(token: string): Promise<Actor | null> {
      const row = await repo.findLiveApiToken(db, { tokenHash: hashSecret(token) });
      if (!row) return null;
      const membership = await repo.findMembership(db, row.workspaceId, row.userId);
      if (!membership) return null;
      const now = new Date();
      if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > touchEveryMs) {
        await repo.touchApiToken(db, row.id, now);
      }
      return { userId: row.userId, workspaceId: row.workspaceId, role: membership.role, via: { kind: 'token', tokenId: row.id } };
    },

    /**
     * What an open socket's credential stands for now: the same actor with
     * its current role, or null once the session or token no longer works
     * (after a change made on another node, or a session that expired). A
     * connected tab is use: a session's sockets keep it from going idle.
     */
    async recheck(actor: Actor): Promise<Actor | null> {
      const live = actor.via.kind === 'session' ? await liveSession(actor.via.idHash) : await repo.findLiveApiToken(db, { id: actor.via.tokenId });
      if (!live) return null;
      const membership = await repo.findMembership(db, actor.workspaceId, actor.userId);
      return membership ? { ...actor, role: membership.role } : null;
    },

    async createToken(actor: Actor, name: string): Promise<{ id: string; token: string }> {
      if (!canInWorkspace(actor, 'token.create')) throw new AppError('forbidden', 'You may not create API tokens');
      const id = newId();
      const token = newSecret('chp_');
      await repo.insertApiToken(db, { id, tokenHash: hashSecret(token), userId: actor.userId, workspaceId: actor.workspaceId, name });
      await repo.insertAudit(db, { workspaceId: actor.workspaceId, actorId: actor.userId, action: 'token.create', subjectId: id, data: { name } });
      return { id, token };
    },

    /** Live tokens without secrets: the caller's own; every one of the workspace for owners and admins. */
    async listTokens(actor: Actor): Promise<TokenSummary[]> {
      const rows = await repo.listLiveApiTokens(db, actor.workspaceId, canInWorkspace(actor, 'token.manageAll') ? null : actor.userId);
      return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), lastUsedAt: r.lastUsedAt?.toISOString() ?? null }));
    },

    /**
     * Revokes a token: it stops working at once (requests resolve it from
     * the database each time) and the sync sockets opened with it close,
     * here and, through the access-change announcement, on other nodes.
     * Someone else's token, or one of another workspace, is a 404.
     */
    async revokeToken(actor: Actor, id: string): Promise<void> {
      const visible = await repo.listLiveApiTokens(db, actor.workspaceId, canInWorkspace(actor, 'token.manageAll') ? null : actor.userId);
      const token = visible.find((t) => t.id === id);
      if (!token || !(await repo.revokeApiToken(db, id, new Date()))) throw new AppError('not_found', 'No such token');
      await repo.insertAudit(db, {
        workspaceId: actor.workspaceId,
        actorId: actor.userId,
        action: 'token.revoke',
        subjectId: id,
        data: { name: token.name, userId: token.userId },
      });
      rooms.disconnectWhere((conn) => conn.actor.via.kind === 'token' && conn.actor.via.tokenId === id, 'unauthenticated');
      rooms.announceAccessChange([token.userId]);
    },

    /**
     * Changes the password and ends every session of the person (all
     * workspaces), closing their sockets; the caller gets a fresh session.
     */
    async changePassword(actor: Actor, current: string, next: string): Promise<NewSession> {
      const user = await repo.findUserById(db, actor.userId);
      if (!user) throw new AppError('unauthenticated', 'Sign in first');
      // A stolen session must not become a way to guess the password either.
      reservePasswordCheck(user.email, null);
      if (!(await verifyPassword(user.passwordHash, current))) {
        // 403, not 401: the session is fine, the proof is not.
        throw new AppError('forbidden', 'The current password is not right');
      }
      perAccount.reset(user.email);
      const passwordHash = await hashPassword(next);
      const session = await db.transaction(async (tx) => {
        await tx.update(users).set({ passwordHash }).where(eq(users.id, actor.userId));
        await tx.delete(sessions).where(eq(sessions.userId, actor.userId));
        await repo.insertAudit(tx, { workspaceId: actor.workspaceId, actorId: actor.userId, action: 'user.password', subjectId: actor.userId });
        return startSession(tx, actor.userId, actor.workspaceId);
      });
      rooms.disconnectWhere((conn) => conn.actor.userId === actor.userId && conn.actor.via.kind === 'session', 'unauthenticated');
      rooms.announceAccessChange([actor.userId]);
      return session;
    },
  };
}
