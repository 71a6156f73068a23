import { and, asc, desc, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../storage/db.js';
import {
  apiTokens,
  auditLog,
  loginChallenges,
  memberships,
  oidcLogins,
  passwordResets,
  recoveryCodes,
  sessions,
  userIdentities,
  users,
  workspaces,
} from '../../storage/schema.js';

export type UserRow = typeof users.$inferSelect;
export type MembershipRow = typeof memberships.$inferSelect;

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  return row;
}

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return row;
}

/** Whether the server has anyone at all (SIGNUP=invite lets only the first person sign up). */
export async function anyUser(db: Db): Promise<boolean> {
  const [row] = await db.select({ id: users.id }).from(users).limit(1);
  return row !== undefined;
}

export async function insertUser(db: Db, row: typeof users.$inferInsert): Promise<void> {
  await db.insert(users).values(row);
}

export async function insertWorkspace(db: Db, row: typeof workspaces.$inferInsert): Promise<void> {
  await db.insert(workspaces).values(row);
}

export async function findWorkspace(db: Db, id: string) {
  const [row] = await db.select().from(workspaces).where(eq(workspaces.id, id)).limit(1);
  return row;
}

export async function upsertMembership(db: Db, row: typeof memberships.$inferInsert): Promise<void> {
  await db.insert(memberships).values(row).onConflictDoNothing();
}

export async function findMembership(db: Db, workspaceId: string, userId: string): Promise<MembershipRow | undefined> {
  const [row] = await db
    .select()
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)))
    .limit(1);
  return row;
}

/** The workspace a person lands in at sign-in: their oldest non-guest one, else their oldest. */
export async function primaryMembership(db: Db, userId: string): Promise<MembershipRow | undefined> {
  const [row] = await db
    .select()
    .from(memberships)
    .where(eq(memberships.userId, userId))
    .orderBy(sql`${memberships.role} = 'guest'`, asc(memberships.createdAt))
    .limit(1);
  return row;
}

export async function listWorkspaceMembers(db: Db, workspaceId: string) {
  return db
    .select({ userId: users.id, name: users.name, email: users.email, role: memberships.role, twoFactor: sql<boolean>`${users.totpEnabledAt} is not null` })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.workspaceId, workspaceId))
    .orderBy(asc(users.name));
}

export async function insertSession(db: Db, row: typeof sessions.$inferInsert): Promise<void> {
  await db.insert(sessions).values(row);
}

export async function findLiveSession(db: Db, idHash: string, now: Date) {
  const [row] = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.idHash, idHash), gt(sessions.expiresAt, now)))
    .limit(1);
  return row;
}

export async function touchSession(db: Db, idHash: string, now: Date): Promise<void> {
  await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.idHash, idHash));
}

export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.idHash, idHash));
}

export async function deleteExpiredSessions(db: Db, now: Date, idleBefore: Date): Promise<void> {
  await db.delete(sessions).where(or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, idleBefore)));
}

/** Reset links that expired before `before`: dead, and worth nothing to keep. */
export async function deleteExpiredResets(db: Db, before: Date): Promise<void> {
  await db.delete(passwordResets).where(lt(passwordResets.expiresAt, before));
}

export async function insertApiToken(db: Db, row: typeof apiTokens.$inferInsert): Promise<void> {
  await db.insert(apiTokens).values(row);
}

/** A token not revoked, found by the hash of its secret (a request) or by its id (a socket opened with it). */
export async function findLiveApiToken(db: Db, by: { tokenHash: string } | { id: string }, now = new Date()) {
  const [row] = await db
    .select()
    .from(apiTokens)
    .where(
      and(
        'id' in by ? eq(apiTokens.id, by.id) : eq(apiTokens.tokenHash, by.tokenHash),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)),
      ),
    )
    .limit(1);
  return row;
}

/** Live tokens of a workspace (of one person when `userId` is given), newest first, with their owner's name. */
export async function listLiveApiTokens(db: Db, workspaceId: string, userId: string | null) {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      userId: apiTokens.userId,
      userName: users.name,
      scope: apiTokens.scope,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      expiresAt: apiTokens.expiresAt,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(
      and(
        eq(apiTokens.workspaceId, workspaceId),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, new Date())),
        userId ? eq(apiTokens.userId, userId) : undefined,
      ),
    )
    .orderBy(desc(apiTokens.createdAt));
}

/** Revokes a live token; false when there was none to revoke. */
export async function revokeApiToken(db: Db, id: string, at: Date): Promise<boolean> {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: at })
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return rows.length > 0;
}

export async function touchApiToken(db: Db, id: string, now: Date): Promise<void> {
  await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, id));
}

export async function insertAudit(db: Db, row: typeof auditLog.$inferInsert): Promise<void> {
  await db.insert(auditLog).values(row);
}

/** A person's live sessions, most recently used first. */
export async function listSessions(db: Db, userId: string, now: Date) {
  return db
    .select({
      idHash: sessions.idHash,
      publicId: sessions.publicId,
      userAgent: sessions.userAgent,
      address: sessions.address,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
    })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, now)))
    .orderBy(desc(sessions.lastSeenAt));
}

/** Deletes a person's sessions but one (or every one); answers the hashes deleted. */
export async function deleteSessionsOf(db: Db, userId: string, keep: { idHash?: string; publicId?: string } = {}): Promise<string[]> {
  const rows = await db
    .delete(sessions)
    .where(
      and(
        eq(sessions.userId, userId),
        keep.idHash ? sql`${sessions.idHash} <> ${keep.idHash}` : undefined,
        keep.publicId ? eq(sessions.publicId, keep.publicId) : undefined,
      ),
    )
    .returning({ idHash: sessions.idHash });
  return rows.map((r) => r.idHash);
}

// Two-factor sign-in (issue 14.2).

export async function setTotp(db: Db, userId: string, values: Partial<Pick<UserRow, 'totpSecret' | 'totpEnabledAt' | 'totpLastStep'>>): Promise<void> {
  await db.update(users).set(values).where(eq(users.id, userId));
}

/** Records the time step a code was accepted for, unless one as late was accepted already (the code was replayed). */
export async function advanceTotpStep(db: Db, userId: string, step: number): Promise<boolean> {
  const rows = await db
    .update(users)
    .set({ totpLastStep: step })
    .where(and(eq(users.id, userId), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
    .returning({ id: users.id });
  return rows.length > 0;
}

export async function replaceRecoveryCodes(db: Db, userId: string, codeHashes: string[]): Promise<void> {
  await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  if (codeHashes.length > 0) await db.insert(recoveryCodes).values(codeHashes.map((codeHash) => ({ userId, codeHash })));
}

/** Uses a recovery code once; false when it is unknown or used. */
export async function useRecoveryCode(db: Db, userId: string, codeHash: string): Promise<boolean> {
  const rows = await db
    .update(recoveryCodes)
    .set({ usedAt: new Date() })
    .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, codeHash), isNull(recoveryCodes.usedAt)))
    .returning({ userId: recoveryCodes.userId });
  return rows.length > 0;
}

export async function countRecoveryCodesLeft(db: Db, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  return Number(row?.n ?? 0);
}

export async function insertChallenge(db: Db, row: typeof loginChallenges.$inferInsert): Promise<void> {
  await db.insert(loginChallenges).values(row);
}

/** Counts an attempt on a live challenge and answers it; undefined when there is none (or it expired). */
export async function attemptChallenge(db: Db, idHash: string, now: Date) {
  const [row] = await db
    .update(loginChallenges)
    .set({ attempts: sql`${loginChallenges.attempts} + 1` })
    .where(and(eq(loginChallenges.idHash, idHash), gt(loginChallenges.expiresAt, now)))
    .returning();
  return row;
}

export async function findChallenge(db: Db, idHash: string, now: Date) {
  const [row] = await db
    .select()
    .from(loginChallenges)
    .where(and(eq(loginChallenges.idHash, idHash), gt(loginChallenges.expiresAt, now)))
    .limit(1);
  return row;
}

export async function deleteChallenge(db: Db, idHash: string): Promise<boolean> {
  const rows = await db.delete(loginChallenges).where(eq(loginChallenges.idHash, idHash)).returning({ idHash: loginChallenges.idHash });
  return rows.length > 0;
}

/** Challenges and single sign-ons in flight that expired before `before`. */
export async function deleteExpiredLogins(db: Db, before: Date): Promise<void> {
  await db.delete(loginChallenges).where(lt(loginChallenges.expiresAt, before));
  await db.delete(oidcLogins).where(lt(oidcLogins.expiresAt, before));
}

export async function setWorkspaceSecurity(
  db: Db,
  workspaceId: string,
  values: Partial<Pick<typeof workspaces.$inferSelect, 'require2fa' | 'ssoOnly' | 'ssoDomains'>>,
): Promise<void> {
  await db.update(workspaces).set(values).where(eq(workspaces.id, workspaceId));
}

/** Non-guest members of a workspace who have no second factor. */
export async function membersWithoutTwoFactor(db: Db, workspaceId: string): Promise<string[]> {
  const rows = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.workspaceId, workspaceId), sql`${memberships.role} <> 'guest'`, isNull(users.totpEnabledAt)));
  return rows.map((r) => r.userId);
}

// Single sign-on (issue 14.3).

export async function insertOidcLogin(db: Db, row: typeof oidcLogins.$inferInsert): Promise<void> {
  await db.insert(oidcLogins).values(row);
}

/** Takes an in-flight sign-on (single use); undefined when unknown or expired. */
export async function takeOidcLogin(db: Db, stateHash: string, now: Date) {
  const [row] = await db.delete(oidcLogins).where(eq(oidcLogins.stateHash, stateHash)).returning();
  return row && row.expiresAt > now ? row : undefined;
}

export async function findIdentity(db: Db, issuer: string, subject: string) {
  const [row] = await db
    .select()
    .from(userIdentities)
    .where(and(eq(userIdentities.issuer, issuer), eq(userIdentities.subject, subject)))
    .limit(1);
  return row;
}

export async function insertIdentity(db: Db, row: typeof userIdentities.$inferInsert): Promise<void> {
  await db.insert(userIdentities).values(row).onConflictDoNothing();
}

/** The oldest workspace whose owner admits SSO users of this email domain. */
export async function workspaceAdmittingDomain(db: Db, domain: string) {
  const [row] = await db
    .select({ id: workspaces.id })
    .from(workspaces)
    .where(sql`${workspaces.ssoDomains} @> ${JSON.stringify([domain])}::jsonb`)
    .orderBy(asc(workspaces.createdAt))
    .limit(1);
  return row;
}
