import type { Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import { RecurringJob } from '../../jobs/recurring.js';
import { nodemailer } from '../../lib/lazy-mail.js';
import type { JobRunner } from '../../jobs/runner.js';
import type { Db } from '../../storage/db.js';
import { readableBy } from '../notifications/repo.js';
import type { VisitsService } from '../visits/service.js';
import { composeDigest } from './compose.js';
import * as repo from './repo.js';

export const digestJob = 'digest.tick';
const period = { daily: 86_400_000, weekly: 7 * 86_400_000 };
/** At most this many notifications are listed in one digest; the rest are counted. */
const maxListed = 50;
/** Cases with news listed in one digest (the most recently opened first). */
const maxCases = 10;

/**
 * Emails each opted-in person a digest of their unread notifications since
 * their last one. A durable recurring job (jobs/recurring.ts), so it runs once across nodes and a restart loses no
 * tick. Each digest is claimed by moving `lastSentAt` (compare-and-set) before
 * the mail is sent and given back if sending fails: a restart, a second node
 * or an overlapping tick never sends the same digest twice; a crash between
 * claim and send loses that one digest rather than repeating it.
 */
export class DigestScheduler {
  private transport: Transporter | undefined;
  private warnedUnconfigured = false;
  private readonly recurring: RecurringJob;

  constructor(
    private readonly deps: {
      db: Db;
      log: Logger;
      jobs: JobRunner;
      now: () => Date;
      smtpUrl: string | undefined;
      mailDomain: string;
      publicUrl: string | undefined;
      /** What is new on the cases each person opened (issue 15.6): the digest's second part. */
      visits?: Pick<VisitsService, 'newsFor'>;
    },
    opts: { tickMs: number },
  ) {
    this.recurring = new RecurringJob(deps.db, deps.jobs, digestJob, opts.tickMs, () => this.tick());
  }

  /** Makes sure one tick is pending (several nodes may call this at start-up). */
  start(): Promise<void> {
    return this.recurring.start();
  }

  /** One pass over the people whose digest is due. Returns how many digests were sent. */
  async tick(): Promise<number> {
    const { db, log, smtpUrl } = this.deps;
    if (!smtpUrl) {
      if (!this.warnedUnconfigured) log.info('email digests are not sent: SMTP_URL is not set');
      this.warnedUnconfigured = true;
      return 0;
    }
    const now = this.deps.now();
    let sent = 0;
    for (;;) {
      const due = await repo.listDueDigests(db, now, period, 200);
      if (due.length === 0) break;
      for (const row of due) {
        if (await this.sendOne(row, now)) sent++;
      }
      if (due.length < 200) break;
    }
    return sent;
  }

  private async sendOne(row: Awaited<ReturnType<typeof repo.listDueDigests>>[number], now: Date): Promise<boolean> {
    const { db, log } = this.deps;
    const { workspaceId, userId, lastSentAt: prev, frequency } = row.pref;
    if (frequency === 'off') return false;
    if (!(await repo.claimDigest(db, workspaceId, userId, prev, now))) return false;
    const since = prev ?? new Date(now.getTime() - period[frequency]);
    // Only what they may still see (issue 20.4): a guest removed from a case is not mailed its news.
    const items = await repo.unreadBetween(db, await readableBy(db, { workspaceId, userId }), since, now, maxListed + 1);
    const news = (await this.deps.visits?.newsFor({ workspaceId, userId }, { newerThan: since, now }, maxCases)) ?? [];
    // Nothing new: no mail, and the next digest starts from here.
    if (items.length === 0 && news.length === 0) return false;
    const mail = composeDigest({
      name: row.name,
      workspaceName: row.workspaceName,
      frequency,
      items: items.slice(0, maxListed),
      more: items.length > maxListed,
      news,
      publicUrl: this.deps.publicUrl,
    });
    try {
      this.transport ??= nodemailer().createTransport({ url: this.deps.smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
      await this.transport.sendMail({
        from: { name: 'Casehub', address: `no-reply@${this.deps.mailDomain}` },
        to: { name: row.name, address: row.email },
        subject: mail.subject,
        text: mail.text,
      });
      return true;
    } catch (err) {
      log.warn({ err, userId }, 'digest could not be sent; it is tried again at the next tick');
      await repo.releaseDigest(db, workspaceId, userId, now, prev);
      return false;
    }
  }
}
