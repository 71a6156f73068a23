import type { LoginInput, MeResponse, SessionSummary, SignupInput, TokenScope, TokenSummary, WorkspaceSecurity } from '@casehub/contract';
import { AppError } from '../../errors.js';
import type { Deps } from '../../deps.js';
import { hashSecret, newId, newSecret } from '../../lib/ids.js';
import type { Db } from '../../storage/db.js';
import type { Actor } from '../access/policy.js';
import { canInWorkspace } from '../access/policy.js';
import { decoyHash, hashPassword, verifyPassword } from './passwords.js';
import { AttemptLimiter, reserveAttempt } from './rate-limit.js';
import * as repo from './repo.js';
import type { TwoFactorService } from './two-factor.js';
import { eq } from 'drizzle-orm';
import { sessions, users } from '../../storage/schema.js';

export const sessionCookieName = 'casehub_session';
/** A session ends after a week without use, and after 30 days whatever happens. */
export const sessionIdleMs = 7 * 24 * 3600_000;
export const sessionAbsoluteMs = 30 * 24 * 3600_000;
/** lastSeenAt is written at most this often, so reads stay reads. */
const touchEveryMs = 5 * 60_000;

export type NewSession = { secret: string; expiresAt: Date };
/** Who is signing in from where, kept on the session so its person can tell their sessions apart. */
export type Client = { address: string; userAgent: string };
/** A sign-in that passed its password: a session, or a challenge for the second factor. */
export type LoginResult = { me: MeResponse; session: NewSession } | { twoFactor: { challenge: string; mode: 'code' | 'setup' } };

/** 429 saying when to come back. */
export function tooMany(what: string, waitMs: number): AppError {
  const seconds = Math.ceil(waitMs / 1000);
  return new AppError('rate_limited', `${what}; try again in ${seconds} s`, { retryAfterSeconds: seconds });
}

export type AuthService = ReturnType<typeof createAuthService>;

export function createAuthService({
  db,
  rooms,
  twoFactor,
  limits,
  signupsPerHour,
  signup = 'open',
}: Pick<Deps, 'db' | 'rooms' | 'limits'> & { twoFactor: TwoFactorService; signupsPerHour: number; signup?: 'open' | 'invite' }) {
  // Five password checks a minute per account, thirty per address, counted
  // as they start (a right password is given back); sign-ups per address.
  const perAccount = new AttemptLimiter(5, 60_000, { store: limits, name: 'signin.account' });
  const perAddress = new AttemptLimiter(30, 60_000, { store: limits, name: 'signin.address' });
  const signupsPerAddress = new AttemptLimiter(signupsPerHour, 3600_000, { store: limits, name: 'signup.address' });

  async function startSession(tx: Db, userId: string, workspaceId: string, client?: Client): Promise<NewSession> {
    const secret = newSecret();
    const now = Date.now();
    const expiresAt = new Date(now + sessionAbsoluteMs);
    await repo.insertSession(tx, {
      idHash: hashSecret(secret),
      userId,
      workspaceId,
      expiresAt,
      address: client?.address.slice(0, 100) ?? '',
      userAgent: client?.userAgent.slice(0, 400) ?? '',
    });
    return { secret, expiresAt };
  }

  /** A session, with its sign-in in the audit log. */
  async function signIn(
    userId: string,
    workspaceId: string,
    client: Client,
    method: 'password' | '2fa' | 'sso',
  ): Promise<{ me: MeResponse; session: NewSession }> {
    const session = await startSession(db, userId, workspaceId, client);
    await repo.insertAudit(db, { workspaceId, actorId: userId, action: 'user.signin', subjectId: userId, data: { address: client.address, method } });
    return { me: await me(userId, workspaceId), session };
  }

  /**
   * After a first factor (a password): a session, or, for a person with a
   * second factor or a member of a workspace that requires one, a challenge.
   */
  async function sessionOrChallenge(userId: string, workspaceId: string, client: Client): Promise<LoginResult> {
    const [user, workspace, membership] = await Promise.all([
      repo.findUserById(db, userId),
      repo.findWorkspace(db, workspaceId),
      repo.findMembership(db, workspaceId, userId),
    ]);
    if (user?.totpEnabledAt || (membership && membership.role !== 'guest' && workspace?.require2fa)) {
      const challenge = await twoFactor.challenge(userId, workspaceId);
      return { twoFactor: { challenge, mode: user?.totpEnabledAt ? 'code' : 'setup' } };
    }
    return signIn(userId, workspaceId, client, 'password');
  }

  /** Ends sessions by their hashes and closes the sockets they opened, here and on other nodes. */
  function closeSessions(userId: string, idHashes: string[]): void {
    if (idHashes.length === 0) return;
    const ended = new Set(idHashes);
    rooms.disconnectWhere((conn) => conn.actor.via.kind === 'session' && ended.has(conn.actor.via.idHash), 'unauthenticated');
    rooms.announceAccessChange([userId]);
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
  async function reservePasswordCheck(email: string, address: string | null): Promise<void> {
    const wait = await reserveAttempt(
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

  async function security(actor: Actor): Promise<WorkspaceSecurity> {
    if (!canInWorkspace(actor, 'security.view')) throw new AppError('forbidden', 'Only owners and admins see the sign-in rules');
    const workspace = await repo.findWorkspace(db, actor.workspaceId);
    if (!workspace) throw new AppError('not_found', 'No such workspace');
    return { require2fa: workspace.require2fa, ssoOnly: workspace.ssoOnly, ssoDomains: workspace.ssoDomains };
  }

  return {
    me,
    startSession,

    /** For other ways in that check a password (invite acceptance): the same per-account limit as sign-in. */
    reservePasswordCheck: (email: string): Promise<void> => reservePasswordCheck(email, null),
    passwordCheckPassed: (email: string): void => perAccount.reset(email),

    async signup(input: SignupInput, client: Client): Promise<{ me: MeResponse; session: NewSession }> {
      const address = client.address;
      const wait = await reserveAttempt([[signupsPerAddress, address]]);
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
        return startSession(tx, userId, workspaceId, client);
      });
      return { me: await me(userId, workspaceId), session };
    },

    /**
     * Checks the password, then the workspace's rules: members of an
     * SSO-only workspace sign in with single sign-on; a person with a second
     * factor (or a member of a workspace that requires one) gets a challenge
     * instead of a session.
     */
    async login(input: LoginInput, client: Client): Promise<LoginResult> {
      const address = client.address;
      await reservePasswordCheck(input.email, address);
      const user = await repo.findUserByEmail(db, input.email);
      const ok = await verifyPassword(user?.passwordHash ?? (await decoyHash()), input.password);
      if (!user || !ok) throw new AppError('unauthenticated', 'Email or password is incorrect');
      perAccount.reset(input.email);
      perAddress.refund(address);
      const membership = await repo.primaryMembership(db, user.id);
      if (!membership) throw new AppError('forbidden', 'This account no longer belongs to any workspace');
      const workspace = await repo.findWorkspace(db, membership.workspaceId);
      const member = membership.role !== 'guest';
      if (member && workspace?.ssoOnly) {
        throw new AppError('forbidden', 'Your workspace signs in with single sign-on: use the single sign-on button instead of a password');
      }
      return sessionOrChallenge(user.id, membership.workspaceId, client);
    },

    sessionOrChallenge,

    /** The second step of a sign-in: the code for its challenge (which enrols the app in setup mode). */
    async loginSecondFactor(challenge: string, code: string, client: Client): Promise<{ me: MeResponse; session: NewSession; recoveryCodes?: string[] }> {
      const done = await twoFactor.completeChallenge(challenge, code);
      return { ...(await signIn(done.userId, done.workspaceId, client, '2fa')), recoveryCodes: done.recoveryCodes };
    },

    /** A sign-in by single sign-on (the identity provider vouched for the person). */
    signInWithSso: (userId: string, workspaceId: string, client: Client) => signIn(userId, workspaceId, client, 'sso'),

    async listSessions(actor: Actor): Promise<SessionSummary[]> {
      const current = actor.via.kind === 'session' ? actor.via.idHash : null;
      const rows = await repo.listSessions(db, actor.userId, new Date());
      return rows
        .filter((r) => Date.now() - r.lastSeenAt.getTime() <= sessionIdleMs)
        .map((r) => ({
          id: r.publicId,
          userAgent: r.userAgent,
          address: r.address,
          createdAt: r.createdAt.toISOString(),
          lastSeenAt: r.lastSeenAt.toISOString(),
          current: r.idHash === current,
        }));
    },

    /** Signs out one of the caller's sessions (by its public id); another person's is a 404. */
    async endSession(actor: Actor, publicId: string): Promise<void> {
      const ended = await repo.deleteSessionsOf(db, actor.userId, { publicId });
      if (ended.length === 0) throw new AppError('not_found', 'No such session');
      closeSessions(actor.userId, ended);
    },

    /** Signs out every session of the caller's but the one of this request. */
    async endOtherSessions(actor: Actor): Promise<number> {
      const ended = await repo.deleteSessionsOf(db, actor.userId, actor.via.kind === 'session' ? { idHash: actor.via.idHash } : {});
      closeSessions(actor.userId, ended);
      return ended.length;
    },

    security,

    /**
     * Owners change the sign-in rules. Requiring a second factor takes the
     * owner's own first (nobody locks the workspace out by accident) and ends
     * the sessions of members without one: they enrol at their next sign-in.
     * SSO only needs single sign-on configured on the server.
     */
    async setSecurity(actor: Actor, input: Partial<WorkspaceSecurity>, ssoConfigured: boolean): Promise<WorkspaceSecurity> {
      if (!canInWorkspace(actor, 'security.manage')) throw new AppError('forbidden', 'Only an owner changes the sign-in rules');
      const before = await security(actor);
      if (input.ssoOnly && !before.ssoOnly && !ssoConfigured) {
        throw new AppError('bad_request', 'Single sign-on is not configured on this server (OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET)');
      }
      const turningOn2fa = input.require2fa === true && !before.require2fa;
      if (turningOn2fa && !(await repo.findUserById(db, actor.userId))?.totpEnabledAt) {
        throw new AppError('bad_request', 'Turn on two-factor sign-in for yourself first (Account settings), then require it of everyone');
      }
      const ssoDomains = input.ssoDomains ? [...new Set(input.ssoDomains)] : undefined;
      await repo.setWorkspaceSecurity(db, actor.workspaceId, { require2fa: input.require2fa, ssoOnly: input.ssoOnly, ssoDomains });
      const after = await security(actor);
      await repo.insertAudit(db, {
        workspaceId: actor.workspaceId,
        actorId: actor.userId,
        action: 'workspace.security',
        subjectId: actor.workspaceId,
        data: after,
      });
      if (turningOn2fa) {
        for (const userId of await repo.membersWithoutTwoFactor(db, actor.workspaceId)) {
          closeSessions(userId, await repo.deleteSessionsOf(db, userId));
        }
      }
      return after;
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
      return {
        userId: row.userId,
        workspaceId: row.workspaceId,
        role: membership.role,
        via: { kind: 'token', tokenId: row.id, scope: row.scope, ...(row.expiresAt ? { expiresAt: row.expiresAt.getTime() } : {}) },
      };
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

    /**
     * A token for programs. A read-only token cannot make a read-write one
     * (nor any token): what it may do is bounded by what made it.
     */
    async createToken(actor: Actor, input: { name: string; scope: TokenScope; expiresAt?: string }): Promise<{ id: string; token: string }> {
      if (!canInWorkspace(actor, 'token.create')) throw new AppError('forbidden', 'You may not create API tokens');
      const expiresAt = input.expiresAt === undefined ? null : new Date(input.expiresAt);
      if (expiresAt && (expiresAt.getTime() <= Date.now() || expiresAt.getTime() > Date.now() + 10 * 366 * 24 * 3600_000)) {
        throw new AppError('bad_request', 'expiresAt: must be in the future, and at most 10 years away');
      }
      const id = newId();
      const token = newSecret('chp_');
      await repo.insertApiToken(db, {
        id,
        tokenHash: hashSecret(token),
        userId: actor.userId,
        workspaceId: actor.workspaceId,
        name: input.name,
        scope: input.scope,
        expiresAt,
      });
      await repo.insertAudit(db, {
        workspaceId: actor.workspaceId,
        actorId: actor.userId,
        action: 'token.create',
        subjectId: id,
        data: { name: input.name, scope: input.scope, expiresAt: expiresAt?.toISOString() ?? null },
      });
      return { id, token };
    },

    /** Live tokens without secrets: the caller's own; every one of the workspace for owners and admins. */
    async listTokens(actor: Actor): Promise<TokenSummary[]> {
      const rows = await repo.listLiveApiTokens(db, actor.workspaceId, canInWorkspace(actor, 'token.manageAll') ? null : actor.userId);
      return rows.map((r) => ({
        ...r,
        createdAt: r.createdAt.toISOString(),
        lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
        expiresAt: r.expiresAt?.toISOString() ?? null,
      }));
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
    async changePassword(actor: Actor, current: string, next: string, client: Client): Promise<NewSession> {
      const user = await repo.findUserById(db, actor.userId);
      if (!user) throw new AppError('unauthenticated', 'Sign in first');
      // A stolen session must not become a way to guess the password either.
      await reservePasswordCheck(user.email, null);
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
        return startSession(tx, actor.userId, actor.workspaceId, client);
      });
      rooms.disconnectWhere((conn) => conn.actor.userId === actor.userId && conn.actor.via.kind === 'session', 'unauthenticated');
      rooms.announceAccessChange([actor.userId]);
      return session;
    },
  };
}
