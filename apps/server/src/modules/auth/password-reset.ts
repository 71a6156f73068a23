import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { AppError } from '../../errors.js';
import { hashSecret, newSecret } from '../../lib/ids.js';
import type { SystemMailer } from '../../lib/system-mail.js';
import type { Db } from '../../storage/db.js';
import { memberships, passwordResets, sessions, users } from '../../storage/schema.js';
import type { RoomManager } from '../../sync/rooms.js';
import { canResetSignIn, type Actor } from '../access/policy.js';
import { hashPassword } from './passwords.js';
import type { RateLimitStore } from '../../lib/rate-limits.js';
import { AttemptLimiter, reserveAttempt } from './rate-limit.js';
import { tooMany } from './service.js';
import * as repo from './repo.js';

/** How long a reset link works. */
export const resetLinkMs = 60 * 60 * 1000;
/** Reset mails per account and hour: enough for a lost mail, too few to flood an inbox. */
const mailsPerHour = 5;
/** Reset requests per client address and hour, whatever the address asked for: one client cannot mail the whole workspace. */
const requestsPerAddressHour = 20;

export type PasswordResetService = ReturnType<typeof createPasswordResetService>;

/**
 * Password reset (issue 14.1, DESIGN §10). The answer to a request never
 * says whether the address has an account, and takes the same time either
 * way: the mail goes out after the answer. A link is a secret whose SHA-256
 * is stored, works once, for an hour; using it sets the password, ends every
 * session of that person (all workspaces) and closes their sockets, and
 * voids their other links.
 */
export function createPasswordResetService({
  db,
  rooms,
  mailer,
  log,
  limits,
}: {
  db: Db;
  rooms: RoomManager;
  mailer: SystemMailer;
  log: Logger;
  limits: RateLimitStore;
}) {
  const perAddress = new AttemptLimiter(requestsPerAddressHour, resetLinkMs, { store: limits, name: 'reset.address' });
  async function newLink(userId: string, origin: string, issuedBy: string | null): Promise<{ url: string; expiresAt: Date }> {
    const token = newSecret('rst_');
    const expiresAt = new Date(Date.now() + resetLinkMs);
    await db.insert(passwordResets).values({ tokenHash: hashSecret(token), userId, expiresAt, issuedBy });
    return { url: `${origin}/reset-password/${encodeURIComponent(token)}`, expiresAt };
  }

  async function mailLink(email: string, origin: string): Promise<void> {
    const user = await repo.findUserByEmail(db, email);
    if (!user) return;
    const [recent] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(passwordResets)
      .where(and(eq(passwordResets.userId, user.id), isNull(passwordResets.issuedBy), gt(passwordResets.createdAt, new Date(Date.now() - resetLinkMs))));
    if ((recent?.n ?? 0) >= mailsPerHour) return log.warn({ userId: user.id }, 'password reset mail not sent: too many this hour');
    const { url } = await newLink(user.id, origin, null);
    const result = await mailer.send({
      to: user.email,
      subject: 'Reset your Casehub password',
      text: `Someone (we hope you) asked to reset the password of your Casehub account, ${user.email}.\n\nSet a new password here (the link works once, for one hour):\n${url}\n\nIf it was not you, ignore this email: your password stays as it is.\n`,
    });
    if (result !== 'sent') log.warn({ userId: user.id, result }, 'password reset link not mailed');
  }

  return {
    /** Always the same answer, whichever the address; the work (and its timing) happens after it. */
    async request(email: string, origin: string, clientAddress: string): Promise<{ mailConfigured: boolean }> {
      const wait = await reserveAttempt([[perAddress, clientAddress]]);
      if (wait > 0) throw tooMany(`Too many password reset requests from your address (at most ${requestsPerAddressHour} an hour)`, wait);
      if (mailer.configured) {
        void mailLink(email, origin).catch((err: unknown) => log.error({ err }, 'password reset request failed'));
      }
      return { mailConfigured: mailer.configured };
    },

    /** An owner or admin issues a link for a member, to pass on themselves (audited). */
    async issue(actor: Actor, userId: string, origin: string): Promise<{ url: string; expiresAt: string }> {
      const target = await repo.findMembership(db, actor.workspaceId, userId);
      if (!target) throw new AppError('not_found', 'No such member');
      if (!canResetSignIn(actor, target.role)) throw new AppError('forbidden', `You may not reset the password of a workspace ${target.role}`);
      // A person in another workspace too: a link from here would open that workspace as well.
      const [elsewhere] = await db
        .select({ workspaceId: memberships.workspaceId })
        .from(memberships)
        .where(and(eq(memberships.userId, userId), sql`${memberships.workspaceId} <> ${actor.workspaceId}`))
        .limit(1);
      if (elsewhere)
        throw new AppError(
          'conflict',
          'This person also belongs to another workspace: they reset their own password with “Forgot password?” on the sign-in page',
        );
      const link = await newLink(userId, origin, actor.userId);
      await repo.insertAudit(db, { workspaceId: actor.workspaceId, actorId: actor.userId, action: 'user.password_reset_link', subjectId: userId });
      return { url: link.url, expiresAt: link.expiresAt.toISOString() };
    },

    /** Sets the password with a link; a used, expired or unknown link is refused. */
    async complete(token: string, password: string): Promise<void> {
      const tokenHash = hashSecret(token);
      const passwordHash = await hashPassword(password);
      const userId = await db.transaction(async (tx) => {
        const [used] = await tx
          .update(passwordResets)
          .set({ usedAt: new Date() })
          .where(and(eq(passwordResets.tokenHash, tokenHash), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, new Date())))
          .returning({ userId: passwordResets.userId });
        if (!used) return null;
        await tx.update(users).set({ passwordHash }).where(eq(users.id, used.userId));
        await tx.delete(sessions).where(eq(sessions.userId, used.userId));
        // Every other link of theirs dies with this one.
        await tx
          .update(passwordResets)
          .set({ usedAt: new Date() })
          .where(and(eq(passwordResets.userId, used.userId), isNull(passwordResets.usedAt)));
        const home = await repo.primaryMembership(tx, used.userId);
        if (home) await repo.insertAudit(tx, { workspaceId: home.workspaceId, actorId: used.userId, action: 'user.password_reset', subjectId: used.userId });
        return used.userId;
      });
      if (!userId)
        throw new AppError(
          'bad_request',
          'This reset link does not work: it was used already, has expired (after an hour) or is not complete. Ask for a new one.',
        );
      rooms.disconnectWhere((conn) => conn.actor.userId === userId && conn.actor.via.kind === 'session', 'unauthenticated');
      rooms.announceAccessChange([userId]);
    },
  };
}
