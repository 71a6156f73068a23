import { randomBytes } from 'node:crypto';
import type { TotpSetup, TwoFactorStatus } from '@casehub/contract';
import type { Deps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { hashSecret, newSecret } from '../../lib/ids.js';
import type { SecretBox } from '../../lib/secret-box.js';
import type { Actor } from '../access/policy.js';
import { canResetSignIn } from '../access/policy.js';
import { verifyPassword } from './passwords.js';
import * as repo from './repo.js';

/** A sign-in waits this long for its second factor, and takes this many codes. */
const challengeMs = 5 * 60_000;
const challengeAttempts = 5;
const recoveryCodeCount = 10;

/** Codes are good one time step (30 s) either side of now: clocks on phones drift. */
const period = 30;
const tolerance = period;

/** A recovery code as people type it: case, spaces and hyphens do not matter. */
const normalizeRecovery = (code: string): string => code.toLowerCase().replace(/[^a-z0-9]/g, '');

/** `xxxxx-xxxxx`, 50 random bits each, from an alphabet without look-alikes. */
function newRecoveryCode(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(10);
  const chars = Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

export type TwoFactorService = ReturnType<typeof createTwoFactorService>;

/**
 * Two-factor sign-in with TOTP (issue 14.2, RFC 6238 through otplib): an
 * authenticator app enrolled by QR code and confirmed with a code; ten
 * single-use recovery codes; each code accepted once (the last accepted
 * time step is kept, so a code seen over a shoulder is worth nothing); sign-in
 * waits on a challenge for the second factor; workspaces can require it.
 */
export function createTwoFactorService({ db, rooms, box, issuer = 'Casehub' }: Pick<Deps, 'db' | 'rooms'> & { box: SecretBox; issuer?: string }) {
  /** The TOTP secret is sealed at rest, bound to its person (a copy on another row does not open). */
  const seal = (userId: string, secret: string): string => box.seal(secret, `totp:${userId}`);
  const unseal = (userId: string, sealed: string): string => box.open(sealed, `totp:${userId}`);

  async function newSetup(userId: string): Promise<TotpSetup> {
    const user = await repo.findUserById(db, userId);
    if (!user) throw new AppError('unauthenticated', 'Sign in first');
    if (user.totpEnabledAt) throw new AppError('conflict', 'Two-factor sign-in is on already; turn it off first to enrol another app');
    // The TOTP and QR code libraries load on first use: most servers never enrol anyone (issue 18's memory).
    const [{ generateSecret, generateURI }, { default: QRCode }] = await Promise.all([import('otplib'), import('qrcode')]);
    const secret = generateSecret();
    await repo.setTotp(db, userId, { totpSecret: seal(userId, secret), totpLastStep: null });
    const otpauthUrl = generateURI({ issuer, label: user.email, secret });
    const qrSvg = await QRCode.toString(otpauthUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
    return { secret, otpauthUrl, qrSvg };
  }

  /** Checks an authenticator code against a secret, each time step once; true when it is good. */
  async function checkTotp(userId: string, secret: string, lastStep: number | null, code: string): Promise<boolean> {
    if (!/^\d{6}$/.test(code)) return false;
    const epoch = Math.floor(Date.now() / 1000);
    const { verify } = await import('otplib');
    const result = await verify({ secret, token: code, epoch, epochTolerance: tolerance, ...(lastStep === null ? {} : { afterTimeStep: lastStep }) });
    if (!result.valid) return false;
    // Two requests with one code at once: only one moves the step forward.
    return repo.advanceTotpStep(db, userId, Math.floor(epoch / period) + result.delta);
  }

  /** Turns it on once a code from the app proves the enrolment; answers the recovery codes, shown once. */
  async function enable(userId: string, code: string): Promise<string[]> {
    const user = await repo.findUserById(db, userId);
    if (!user?.totpSecret) throw new AppError('bad_request', 'Start the enrolment first: there is no authenticator secret to confirm');
    if (user.totpEnabledAt) throw new AppError('conflict', 'Two-factor sign-in is on already');
    if (!(await checkTotp(userId, unseal(userId, user.totpSecret), user.totpLastStep, code.trim()))) {
      throw new AppError('bad_request', 'That code is not right: type the 6 digits your authenticator app shows now');
    }
    const codes = Array.from({ length: recoveryCodeCount }, newRecoveryCode);
    await db.transaction(async (tx) => {
      await repo.setTotp(tx, userId, { totpEnabledAt: new Date() });
      await repo.replaceRecoveryCodes(
        tx,
        userId,
        codes.map((c) => hashSecret(normalizeRecovery(c))),
      );
    });
    return codes;
  }

  /** Whether a code (authenticator or recovery) proves this person; each one counts once. */
  async function verifyCode(userId: string, code: string): Promise<boolean> {
    const user = await repo.findUserById(db, userId);
    if (!user?.totpSecret || !user.totpEnabledAt) return false;
    const trimmed = code.trim().replace(/\s+/g, '');
    if (/^\d{6}$/.test(trimmed)) return checkTotp(userId, unseal(userId, user.totpSecret), user.totpLastStep, trimmed);
    return repo.useRecoveryCode(db, userId, hashSecret(normalizeRecovery(trimmed)));
  }

  async function requiredFor(userId: string, workspaceId: string): Promise<boolean> {
    const [workspace, membership] = await Promise.all([repo.findWorkspace(db, workspaceId), repo.findMembership(db, workspaceId, userId)]);
    return Boolean(workspace?.require2fa && membership && membership.role !== 'guest');
  }

  /** Ends every session of a person and closes their sockets (their second factor changed under them). */
  async function endSessions(userId: string): Promise<void> {
    await repo.deleteSessionsOf(db, userId);
    rooms.disconnectWhere((conn) => conn.actor.userId === userId && conn.actor.via.kind === 'session', 'unauthenticated');
    rooms.announceAccessChange([userId]);
  }

  return {
    verifyCode,

    /** A sign-in that passed its first factor waits here: the secret goes to the browser, its hash to the database. */
    async challenge(userId: string, workspaceId: string): Promise<string> {
      const secret = newSecret('chl_');
      await repo.insertChallenge(db, { idHash: hashSecret(secret), userId, workspaceId, expiresAt: new Date(Date.now() + challengeMs) });
      return secret;
    },

    /** Enrolment at sign-in (the workspace requires it): only for a challenge of someone without a second factor. */
    async setupForChallenge(challenge: string): Promise<TotpSetup> {
      const row = await repo.findChallenge(db, hashSecret(challenge), new Date());
      if (!row) throw new AppError('unauthenticated', 'This sign-in has expired; sign in again');
      return newSetup(row.userId);
    },

    /**
     * Answers a challenge with a code: the person it was for, and recovery
     * codes when this enrolled their app. Five wrong codes end the challenge;
     * a good one ends it too (single use).
     */
    async completeChallenge(challenge: string, code: string): Promise<{ userId: string; workspaceId: string; recoveryCodes?: string[] }> {
      const idHash = hashSecret(challenge);
      const row = await repo.attemptChallenge(db, idHash, new Date());
      if (!row) throw new AppError('unauthenticated', 'This sign-in has expired; sign in again');
      if (row.attempts > challengeAttempts) {
        await repo.deleteChallenge(db, idHash);
        throw new AppError('rate_limited', 'Too many wrong codes; sign in again', { retryAfterSeconds: 0 });
      }
      const user = await repo.findUserById(db, row.userId);
      if (!user) throw new AppError('unauthenticated', 'This sign-in has expired; sign in again');
      let recoveryCodes: string[] | undefined;
      if (user.totpEnabledAt) {
        if (!(await verifyCode(user.id, code))) throw new AppError('bad_request', 'That code is not right (each code works once); try the next one');
      } else {
        recoveryCodes = await enable(user.id, code);
      }
      // Single use: of two requests racing with good codes, one signs in.
      if (!(await repo.deleteChallenge(db, idHash))) throw new AppError('unauthenticated', 'This sign-in has expired; sign in again');
      return { userId: row.userId, workspaceId: row.workspaceId, recoveryCodes };
    },

    async status(actor: Actor): Promise<TwoFactorStatus> {
      const user = await repo.findUserById(db, actor.userId);
      const enabled = Boolean(user?.totpEnabledAt);
      return {
        enabled,
        recoveryCodesLeft: enabled ? await repo.countRecoveryCodesLeft(db, actor.userId) : 0,
        required: await requiredFor(actor.userId, actor.workspaceId),
      };
    },

    setup: (actor: Actor): Promise<TotpSetup> => newSetup(actor.userId),

    async confirm(actor: Actor, code: string): Promise<string[]> {
      const codes = await enable(actor.userId, code);
      await repo.insertAudit(db, { workspaceId: actor.workspaceId, actorId: actor.userId, action: 'user.2fa_enabled', subjectId: actor.userId });
      return codes;
    },

    /** Turns it off with the password; not where the workspace requires it. */
    async disable(actor: Actor, password: string): Promise<void> {
      if (await requiredFor(actor.userId, actor.workspaceId)) {
        throw new AppError('forbidden', 'Your workspace requires two-factor sign-in; an admin can reset it if you lost your device');
      }
      const user = await repo.findUserById(db, actor.userId);
      if (!user || !(await verifyPassword(user.passwordHash, password))) throw new AppError('forbidden', 'The password is not right');
      await db.transaction(async (tx) => {
        await repo.setTotp(tx, actor.userId, { totpSecret: null, totpEnabledAt: null, totpLastStep: null });
        await repo.replaceRecoveryCodes(tx, actor.userId, []);
        await repo.insertAudit(tx, { workspaceId: actor.workspaceId, actorId: actor.userId, action: 'user.2fa_disabled', subjectId: actor.userId });
      });
    },

    /** An owner or admin resets a member's second factor (a lost phone): audited; the member's sessions end. */
    async resetFor(actor: Actor, userId: string): Promise<void> {
      const target = await repo.findMembership(db, actor.workspaceId, userId);
      if (!target) throw new AppError('not_found', 'No such member');
      if (!canResetSignIn(actor, target.role)) {
        throw new AppError('forbidden', `You may not reset the two-factor sign-in of a workspace ${target.role}`);
      }
      await db.transaction(async (tx) => {
        await repo.setTotp(tx, userId, { totpSecret: null, totpEnabledAt: null, totpLastStep: null });
        await repo.replaceRecoveryCodes(tx, userId, []);
        await repo.insertAudit(tx, { workspaceId: actor.workspaceId, actorId: actor.userId, action: 'user.2fa_reset', subjectId: userId });
      });
      if (userId !== actor.userId) await endSessions(userId);
    },
  };
}
