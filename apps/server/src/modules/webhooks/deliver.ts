import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Logger } from 'pino';
import { z } from 'zod';
import { RetryableError, type JobRunner } from '../../jobs/runner.js';
import type { Db } from '../../storage/db.js';
import { canReadAbout, type NotificationAbout } from '../access/policy.js';
import { notify } from '../notifications/service.js';
import { deliverJobKind } from './events.js';
import { resolveTarget } from './net.js';
import * as repo from './repo.js';
import { signWebhook } from './sign.js';

/** How long a receiver has to answer. */
const timeoutMs = 15_000;
/** Of a receiver's answer, this much is kept for the delivery log. */
const excerptBytes = 1024;
/** Retries go on at least this long after the event (DESIGN §10: at least 24 hours). */
export const retryWindowMs = 24 * 3600_000;
/** A webhook failing without a success for this long is turned off and its creator told. */
export const disableAfterMs = 3 * 24 * 3600_000;

/**
 * The wait before try `n + 1` after `n` failed tries: exponential from 1 s,
 * doubling up to an hour, with "equal jitter" (half fixed, half random) so
 * a receiver coming back is not hit by every delivery at the same instant.
 * About 37 tries over the first 24 hours.
 */
export function retryDelayMs(failedTries: number, random: () => number = Math.random): number {
  const base = Math.min(3600_000, 1000 * 2 ** Math.max(0, failedTries - 1));
  return Math.round(base / 2 + random() * (base / 2));
}

export type DeliveryOutcome = { statusCode: number | null; error: string | null; excerpt: string | null; ms: number };

/** One POST, to the address that was checked (Host and SNI keep the name); redirects are not followed. */
export async function post(url: URL, headers: Record<string, string>, body: string, allowPrivate: boolean): Promise<DeliveryOutcome> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  let target: { address: string; family: 4 | 6 };
  try {
    target = await resolveTarget(url, allowPrivate);
  } catch (err) {
    return { statusCode: null, error: err instanceof Error ? err.message : String(err), excerpt: null, ms: ms() };
  }
  const https = url.protocol === 'https:';
  const send = https ? httpsRequest : httpRequest;
  return new Promise<DeliveryOutcome>((resolve) => {
    const req = send({
      host: target.address,
      family: target.family,
      port: url.port || (https ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      method: 'POST',
      servername: https ? url.hostname : undefined,
      auth: url.username ? `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` : undefined,
      headers: {
        ...headers,
        host: url.host,
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
        'user-agent': 'Casehub-Webhooks/1',
      },
      timeout: timeoutMs,
    });
    const fail = (error: string) => resolve({ statusCode: null, error, excerpt: null, ms: ms() });
    const overall = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    req.on('error', (err) => {
      clearTimeout(overall);
      fail(err.message);
    });
    req.on('response', (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      const done = () => {
        clearTimeout(overall);
        resolve({ statusCode: res.statusCode ?? null, error: null, excerpt: Buffer.concat(chunks).toString('utf8').slice(0, excerptBytes), ms: ms() });
      };
      res.on('data', (chunk: Buffer) => {
        if (kept < excerptBytes) chunks.push(chunk.subarray(0, excerptBytes - kept));
        kept += chunk.length;
        // The status is what counts: a receiver that streams a long answer is not read to the end.
        if (kept >= excerptBytes) res.destroy();
      });
      res.on('end', done);
      res.on('close', done);
      res.on('error', done);
    });
    req.end(body);
  });
}

export type DeliveryDeps = { db: Db; log: Logger; allowPrivate: boolean; onAttempt?: (ok: boolean) => void };

/**
 * [issue 16.1] Sends deliveries from the outbox, at least once: the send job
 * was committed with the event; a failure (non-2xx, timeout, refused
 * address) is retried on the schedule above, always with the same
 * `webhook-id` and body, re-signed with the try's own timestamp. A crash
 * mid-try leaves the job to be claimed again when its lease runs out.
 */
export function registerDeliveryJob(jobs: JobRunner, deps: DeliveryDeps): void {
  const { db, log } = deps;
  jobs.register(deliverJobKind, {
    payload: z.object({ deliveryId: z.string().min(1).max(64) }),
    // Twice the longest try (a POST gives up after timeoutMs): a node that died mid-try holds the delivery no longer than this.
    leaseMs: 2 * timeoutMs,
    async run({ deliveryId }) {
      const found = await repo.findDelivery(db, deliveryId);
      // Deleted with its webhook, or delivered by a run whose job record did not commit.
      if (!found || found.delivery.status !== 'pending') return;
      const { delivery, webhook } = found;
      if (!webhook.enabled) return repo.abandonDelivery(db, deliveryId, 'webhook disabled');
      // Access as it is now: a creator who lost sight of the case (or left) stops hearing it.
      const facts = await repo.findAccessFacts(db, webhook.workspaceId, webhook.createdBy, delivery.caseId);
      const asker = facts.role ? { workspaceId: webhook.workspaceId, role: facts.role } : null;
      // What an event tells is team news: of the case's team side, or (no case) of the workspace, for members only.
      const about: NotificationAbout = facts.case && {
        side: 'team',
        case: { workspaceId: facts.case.workspaceId, private: facts.case.private, membership: facts.case.access ? { access: facts.case.access } : null },
      };
      const sees = asker !== null && (facts.case !== null || delivery.caseId === null) && canReadAbout(asker, about);
      if (!sees) return repo.abandonDelivery(db, deliveryId, 'the webhook’s creator may no longer see this');

      const at = new Date();
      const timestamp = Math.floor(at.getTime() / 1000);
      const outcome = await post(
        new URL(webhook.url),
        {
          'webhook-id': delivery.eventId,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signWebhook(webhook.secret, delivery.eventId, timestamp, delivery.body),
        },
        delivery.body,
        deps.allowPrivate,
      );
      const ok = outcome.statusCode !== null && outcome.statusCode >= 200 && outcome.statusCode < 300;
      deps.onAttempt?.(ok);
      const attempt = { at, statusCode: outcome.statusCode, error: outcome.error, responseExcerpt: outcome.excerpt, durationMs: outcome.ms };
      if (ok) {
        await repo.recordAttempt(db, deliveryId, attempt, { status: 'delivered', nextAttemptAt: null });
        await repo.markWebhookHealthy(db, webhook.id);
        return;
      }
      const tries = delivery.attempts + 1;
      const giveUp = at.getTime() - delivery.createdAt.getTime() >= retryWindowMs;
      const waitMs = retryDelayMs(tries);
      await repo.recordAttempt(
        db,
        deliveryId,
        attempt,
        giveUp ? { status: 'failed', nextAttemptAt: null } : { status: 'pending', nextAttemptAt: new Date(at.getTime() + waitMs) },
      );
      const since = await repo.markWebhookFailing(db, webhook.id, at);
      const disabled = since !== null && at.getTime() - since.getTime() >= disableAfterMs && (await disable(webhook, since));
      const why = outcome.error ?? `HTTP ${outcome.statusCode ?? '?'}`;
      log.warn({ webhookId: webhook.id, deliveryId, tries, why, giveUp }, 'webhook delivery failed');
      if (!giveUp && !disabled) throw new RetryableError(`delivery failed: ${why}`, { retryInMs: waitMs });
    },
  });

  /** Turns the webhook off (its pending deliveries with it) and tells its creator; false if it already was. */
  async function disable(webhook: repo.WebhookRow, since: Date): Promise<boolean> {
    const reason = `Every delivery has failed since ${since.toISOString()}`;
    if (!(await repo.disableWebhook(db, webhook.id, reason))) return false;
    log.warn({ webhookId: webhook.id }, 'webhook disabled after failing for 3 days');
    await notify(db, {
      workspaceId: webhook.workspaceId,
      userIds: [webhook.createdBy],
      kind: 'webhook.disabled',
      about: null,
      text: `Your webhook to ${new URL(webhook.url).host} was turned off: it has failed for 3 days. Check the receiver, then add the webhook again.`,
    }).catch((err: unknown) => log.error({ err, webhookId: webhook.id }, 'could not tell the creator of a disabled webhook'));
    return true;
  }
}
