import type { WebhookEventType } from '@casehub/contract';
import { newId } from '../../lib/ids.js';
import type { Db } from '../../storage/db.js';
import { hasEnabledWebhook, insertDeliveries } from './repo.js';

/**
 * Something that happened, as webhooks hear it. `data` carries ids and what
 * a receiver needs to act without calling back; a case's events reach only
 * webhooks whose creator may see that case (repo.insertDeliveries).
 */
export type WebhookEvent = {
  workspaceId: string;
  type: WebhookEventType;
  caseId: string | null;
  data: Record<string, unknown>;
  /**
   * The readable line a Slack-style target gets (moments of truth, missed
   * promises, breached response times); null: Slack targets skip it.
   */
  slack: string | null;
  /** Only Slack targets hear it (a breached response time, which has no event type of its own). */
  slackOnly?: boolean;
};

/** The kind of job that sends one delivery. */
export const deliverJobKind = 'webhook.deliver';

/**
 * [issue 16.1] Records the event's deliveries in the caller's transaction
 * (the outbox): one row per matching webhook, each with its send job, so the
 * event is sent if and only if the change that caused it commits. One
 * statement; with no webhooks in the workspace it writes nothing.
 */
export async function emitWebhookEvent(tx: Db, event: WebhookEvent, at: Date = new Date()): Promise<void> {
  const eventId = `msg_${newId()}`;
  const body = event.slackOnly ? null : JSON.stringify({ type: event.type, timestamp: at.toISOString(), data: event.data });
  const slackBody = event.slack === null ? null : JSON.stringify({ text: event.slack });
  if (body === null && slackBody === null) return;
  await insertDeliveries(tx, { eventId, workspaceId: event.workspaceId, type: event.type, caseId: event.caseId, body, slackBody, jobKind: deliverJobKind });
}

/**
 * Several events in the caller's transaction. A workspace with no enabled
 * webhook gets no delivery from any of them, so it is asked once, not once
 * per event: a 10,000-entry import was 10,000 statements that wrote nothing.
 */
export async function emitWebhookEvents(tx: Db, events: readonly WebhookEvent[]): Promise<void> {
  if (events.length === 0) return;
  const listening = new Map<string, boolean>();
  for (const event of events) {
    let any = listening.get(event.workspaceId);
    if (any === undefined) {
      any = await hasEnabledWebhook(tx, event.workspaceId);
      listening.set(event.workspaceId, any);
    }
    if (any) await emitWebhookEvent(tx, event);
  }
}

/** Slack's mrkdwn treats these three as markup: escaped, a customer's words cannot forge a link. */
export const slackEscape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export const slackLine = (parts: { emoji: string; headline: string; caseTitle: string | null; detail: string }): string =>
  `${parts.emoji} *${slackEscape(parts.headline)}*${parts.caseTitle ? ` on “${slackEscape(clip(parts.caseTitle, 200))}”` : ''}: ${slackEscape(clip(parts.detail, 600))}`;
