import type { WebhookCreated, WebhookCreateInput, WebhookDelivery, WebhookSummary } from '@casehub/contract';
import { AppError, notFound } from '../../errors.js';
import { newId } from '../../lib/ids.js';
import type { Db } from '../../storage/db.js';
import { canInWorkspace, type Actor } from '../access/policy.js';
import { insertAudit } from '../auth/repo.js';
import { deliverJobKind } from './events.js';
import { PrivateAddressError, resolveTarget } from './net.js';
import * as repo from './repo.js';
import { newWebhookSecret } from './sign.js';

export type WebhooksService = ReturnType<typeof createWebhooksService>;

/** A Slack incoming webhook: https://hooks.slack.com/services/T…/B…/… (also Slack's workflow triggers). */
export const isSlackUrl = (url: URL): boolean => url.hostname === 'hooks.slack.com' && /^\/(services|workflows|triggers)\//.test(url.pathname);

const summarize = (w: repo.WebhookRow): WebhookSummary => ({
  id: w.id,
  url: w.url,
  format: w.format,
  events: w.events,
  enabled: w.enabled,
  createdAt: w.createdAt.toISOString(),
  createdBy: w.createdBy,
  failingSince: w.failingSince?.toISOString() ?? null,
  disabledAt: w.disabledAt?.toISOString() ?? null,
  disabledReason: w.disabledReason,
});

const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

/** Settings → Webhooks (DESIGN §10): owners and admins; the secret is shown once, at creation. */
export function createWebhooksService({ db, allowPrivate }: { db: Db; allowPrivate: boolean }) {
  function authorize(actor: Actor): void {
    if (!canInWorkspace(actor, 'webhooks.manage')) throw new AppError('forbidden', 'Only owners and admins manage webhooks');
  }

  async function load(actor: Actor, id: string): Promise<repo.WebhookRow> {
    authorize(actor);
    const row = await repo.findWebhook(db, actor.workspaceId, id);
    if (!row) throw notFound('No such webhook');
    return row;
  }

  /** [SSRF] A URL that reaches a private address now is refused at once (and again at every delivery). */
  async function checkTarget(url: URL): Promise<void> {
    if (allowPrivate) return;
    try {
      await resolveTarget(url, false);
    } catch (err) {
      if (err instanceof PrivateAddressError) throw new AppError('validation_failed', `url: ${err.message}`);
      // A name that does not resolve today may tomorrow: each delivery checks again.
    }
  }

  function presentDelivery(d: repo.DeliveryRow, attempts: repo.AttemptRow[]): WebhookDelivery {
    return {
      id: d.id,
      eventId: d.eventId,
      type: d.type,
      caseId: d.caseId,
      status: d.status,
      attemptCount: d.attempts,
      statusCode: d.lastStatusCode,
      error: d.lastError,
      responseExcerpt: d.responseExcerpt,
      createdAt: d.createdAt.toISOString(),
      lastAttemptAt: iso(d.lastAttemptAt),
      nextAttemptAt: iso(d.nextAttemptAt),
      finishedAt: iso(d.finishedAt),
      attempts: attempts.map((a) => ({
        at: a.at.toISOString(),
        statusCode: a.statusCode,
        error: a.error,
        responseExcerpt: a.responseExcerpt,
        durationMs: a.durationMs,
      })),
    };
  }

  return {
    async create(
      actor: Actor,
      input: { url: string; events: WebhookCreateInput['events']; format?: 'standard' | 'slack' | undefined },
    ): Promise<WebhookCreated> {
      authorize(actor);
      const url = new URL(input.url);
      await checkTarget(url);
      const id = newId();
      const secret = newWebhookSecret();
      await db.transaction(async (tx) => {
        await repo.insertWebhook(tx, {
          id,
          workspaceId: actor.workspaceId,
          createdBy: actor.userId,
          url: url.toString(),
          format: input.format ?? (isSlackUrl(url) ? 'slack' : 'standard'),
          events: [...input.events],
          secret,
        });
        await insertAudit(tx, {
          workspaceId: actor.workspaceId,
          actorId: actor.userId,
          action: 'webhook.create',
          subjectId: id,
          data: { url: url.origin, events: input.events },
        });
      });
      return { id, secret };
    },

    async list(actor: Actor): Promise<{ webhooks: WebhookSummary[] }> {
      authorize(actor);
      return { webhooks: (await repo.listWebhooks(db, actor.workspaceId)).map(summarize) };
    },

    async remove(actor: Actor, id: string): Promise<void> {
      authorize(actor);
      if (!(await repo.deleteWebhook(db, actor.workspaceId, id))) throw notFound('No such webhook');
      await insertAudit(db, { workspaceId: actor.workspaceId, actorId: actor.userId, action: 'webhook.delete', subjectId: id });
    },

    async deliveries(actor: Actor, id: string, limit: number): Promise<{ deliveries: WebhookDelivery[] }> {
      const webhook = await load(actor, id);
      const rows = await repo.listDeliveries(db, webhook.id, limit);
      const attempts = await repo.listAttempts(
        db,
        rows.map((r) => r.id),
        10,
      );
      return {
        deliveries: rows.map((d) =>
          presentDelivery(
            d,
            attempts.filter((a) => a.deliveryId === d.id),
          ),
        ),
      };
    },

    /** Sends a delivery again (same `webhook-id` and body), whatever became of it. */
    async resend(actor: Actor, id: string, deliveryId: string): Promise<{ delivery: WebhookDelivery }> {
      const webhook = await load(actor, id);
      if (!webhook.enabled) throw new AppError('conflict', 'This webhook is turned off; add it again to send to it');
      const found = await repo.findDelivery(db, deliveryId);
      if (!found || found.webhook.id !== webhook.id) throw notFound('No such delivery');
      if (found.delivery.status !== 'pending') await repo.requeueDelivery(db, deliveryId, deliverJobKind);
      const after = await repo.findDelivery(db, deliveryId);
      if (!after) throw notFound('No such delivery');
      return { delivery: presentDelivery(after.delivery, await repo.listAttempts(db, [deliveryId], 10)) };
    },
  };
}
