import { and, desc, eq, inArray, isNotNull, lt, ne, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../storage/db.js';
import { caseVisibleTo, type Viewer } from '../access/visibility.js';
import { caseMembers, cases, expectationIndex, jobs, memberships, webhookAttempts, webhookDeliveries, webhooks } from '../../storage/schema.js';

export type WebhookRow = typeof webhooks.$inferSelect;
export type DeliveryRow = typeof webhookDeliveries.$inferSelect;
export type AttemptRow = typeof webhookAttempts.$inferSelect;

/** The case table as `insertDeliveries` names it. */
const c = alias(cases, 'c');

/**
 * A webhook's creator (`w.created_by` of the query) as a viewer. The join to
 * their membership keeps out guests, and every role above guest sees the same
 * cases (policy.caseAccess), so 'member' stands for all of them.
 */
const creator = (workspaceId: string): Viewer => ({ workspaceId, userId: sql`w.created_by`, role: 'member' });

/** Deliveries (and their send jobs) never retry past this many tries; the schedule gives up by age first. */
export const deliverMaxAttempts = 1_000_000;

/**
 * The outbox write: one delivery per enabled webhook of the workspace that
 * listens to the type, whose creator is still a member (not a guest) and may
 * see the case (A14); Slack targets get `slackBody`, the others `body`
 * (either null: that kind of target skips the event). Each delivery's send
 * job is inserted by the same statement.
 */
export async function insertDeliveries(
  tx: Db,
  e: { eventId: string; workspaceId: string; type: string; caseId: string | null; body: string | null; slackBody: string | null; jobKind: string },
): Promise<void> {
  await tx.execute(sql`
    with d as (
      insert into ${webhookDeliveries} (id, webhook_id, workspace_id, event_id, type, case_id, body)
      select 'dlv_' || replace(gen_random_uuid()::text, '-', ''), w.id, w.workspace_id, ${e.eventId}, ${e.type}, ${e.caseId}::text,
        case when w.format = 'slack' then ${e.slackBody}::text else ${e.body}::text end
      from ${webhooks} w
      join ${memberships} m on m.workspace_id = w.workspace_id and m.user_id = w.created_by and m.role <> 'guest'
      where w.workspace_id = ${e.workspaceId} and w.enabled
        and (w.events @> '["*"]'::jsonb or w.events @> jsonb_build_array(${e.type}::text))
        and case when w.format = 'slack' then ${e.slackBody}::text is not null else ${e.body}::text is not null end
        and (${e.caseId}::text is null or exists (
          select 1 from ${cases} c where c.id = ${e.caseId}::text and ${caseVisibleTo(creator(e.workspaceId), c)}
        ))
      returning id
    )
    insert into ${jobs} (kind, payload, max_attempts)
    select ${e.jobKind}, jsonb_build_object('deliveryId', d.id), ${deliverMaxAttempts} from d`);
}

/** Does the workspace have a webhook that may hear anything (see `emitWebhookEvents`)? */
export async function hasEnabledWebhook(db: Db, workspaceId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: webhooks.id })
    .from(webhooks)
    .where(and(eq(webhooks.workspaceId, workspaceId), eq(webhooks.enabled, true)))
    .limit(1);
  return row !== undefined;
}

export async function insertWebhook(db: Db, row: typeof webhooks.$inferInsert): Promise<void> {
  await db.insert(webhooks).values(row);
}

export async function listWebhooks(db: Db, workspaceId: string): Promise<WebhookRow[]> {
  return db.select().from(webhooks).where(eq(webhooks.workspaceId, workspaceId)).orderBy(desc(webhooks.createdAt));
}

export async function findWebhook(db: Db, workspaceId: string, id: string): Promise<WebhookRow | undefined> {
  const [row] = await db
    .select()
    .from(webhooks)
    .where(and(eq(webhooks.workspaceId, workspaceId), eq(webhooks.id, id)));
  return row;
}

export async function deleteWebhook(db: Db, workspaceId: string, id: string): Promise<boolean> {
  const gone = await db
    .delete(webhooks)
    .where(and(eq(webhooks.workspaceId, workspaceId), eq(webhooks.id, id)))
    .returning({ id: webhooks.id });
  return gone.length > 0;
}

export async function listDeliveries(db: Db, webhookId: string, limit: number): Promise<DeliveryRow[]> {
  return db
    .select()
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.webhookId, webhookId))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(limit);
}

/** The last `perDelivery` tries of each delivery, newest first. */
export async function listAttempts(db: Db, deliveryIds: string[], perDelivery: number): Promise<AttemptRow[]> {
  if (deliveryIds.length === 0) return [];
  const ranked = db
    .select({
      id: webhookAttempts.id,
      n: sql<number>`row_number() over (partition by ${webhookAttempts.deliveryId} order by ${webhookAttempts.id} desc)`.as('n'),
    })
    .from(webhookAttempts)
    .where(inArray(webhookAttempts.deliveryId, deliveryIds))
    .as('ranked');
  return db
    .select({
      id: webhookAttempts.id,
      deliveryId: webhookAttempts.deliveryId,
      at: webhookAttempts.at,
      statusCode: webhookAttempts.statusCode,
      error: webhookAttempts.error,
      responseExcerpt: webhookAttempts.responseExcerpt,
      durationMs: webhookAttempts.durationMs,
    })
    .from(webhookAttempts)
    .innerJoin(ranked, eq(ranked.id, webhookAttempts.id))
    .where(sql`${ranked.n} <= ${perDelivery}`)
    .orderBy(desc(webhookAttempts.id));
}

export async function findDelivery(db: Db, id: string): Promise<{ delivery: DeliveryRow; webhook: WebhookRow } | undefined> {
  const [row] = await db
    .select({ delivery: webhookDeliveries, webhook: webhooks })
    .from(webhookDeliveries)
    .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
    .where(eq(webhookDeliveries.id, id));
  return row;
}

/** What the access policy needs at delivery time: the creator's role now, and the case. */
export async function findAccessFacts(db: Db, workspaceId: string, userId: string, caseId: string | null) {
  const [member] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)));
  if (!caseId) return { role: member?.role ?? null, case: null };
  const [found] = await db
    .select({ workspaceId: cases.workspaceId, private: cases.private, access: caseMembers.access })
    .from(cases)
    .leftJoin(caseMembers, and(eq(caseMembers.caseId, cases.id), eq(caseMembers.userId, userId)))
    .where(eq(cases.id, caseId));
  return { role: member?.role ?? null, case: found ?? null };
}

/** Records one try and where it leaves the delivery, in one transaction. */
export async function recordAttempt(
  db: Db,
  deliveryId: string,
  attempt: { at: Date; statusCode: number | null; error: string | null; responseExcerpt: string | null; durationMs: number },
  outcome: { status: DeliveryRow['status']; nextAttemptAt: Date | null },
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.insert(webhookAttempts).values({ deliveryId, ...attempt });
    await tx
      .update(webhookDeliveries)
      .set({
        attempts: sql`${webhookDeliveries.attempts} + 1`,
        status: outcome.status,
        lastStatusCode: attempt.statusCode,
        lastError: attempt.error,
        responseExcerpt: attempt.responseExcerpt,
        lastAttemptAt: attempt.at,
        nextAttemptAt: outcome.nextAttemptAt,
        finishedAt: outcome.status === 'pending' ? null : attempt.at,
      })
      .where(eq(webhookDeliveries.id, deliveryId));
  });
}

/** A delivery that will not be tried (its webhook is off, or its creator lost sight of the case). */
export async function abandonDelivery(db: Db, deliveryId: string, reason: string): Promise<void> {
  await db
    .update(webhookDeliveries)
    .set({ status: 'failed', lastError: reason, nextAttemptAt: null, finishedAt: new Date() })
    .where(eq(webhookDeliveries.id, deliveryId));
}

/** Resend: the same event (same id and body) goes out again, with a send job of its own. */
export async function requeueDelivery(db: Db, deliveryId: string, jobKind: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.update(webhookDeliveries).set({ status: 'pending', nextAttemptAt: new Date(), finishedAt: null }).where(eq(webhookDeliveries.id, deliveryId));
    await tx.insert(jobs).values({ kind: jobKind, payload: { deliveryId }, maxAttempts: deliverMaxAttempts });
  });
}

/** A success clears the webhook's failing streak. */
export async function markWebhookHealthy(db: Db, webhookId: string): Promise<void> {
  await db
    .update(webhooks)
    .set({ failingSince: null })
    .where(and(eq(webhooks.id, webhookId), isNotNull(webhooks.failingSince)));
}

/** A failure starts the streak (if none); answers since when it has been failing. */
export async function markWebhookFailing(db: Db, webhookId: string, at: Date): Promise<Date | null> {
  const [row] = await db
    .update(webhooks)
    .set({ failingSince: sql`coalesce(${webhooks.failingSince}, ${at.toISOString()}::timestamptz)` })
    .where(eq(webhooks.id, webhookId))
    .returning({ failingSince: webhooks.failingSince });
  return row?.failingSince ?? null;
}

/** Turns a webhook off once (true if this call did) and drops its pending deliveries. */
export async function disableWebhook(db: Db, webhookId: string, reason: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const done = await tx
      .update(webhooks)
      .set({ enabled: false, disabledAt: new Date(), disabledReason: reason })
      .where(and(eq(webhooks.id, webhookId), eq(webhooks.enabled, true)))
      .returning({ id: webhooks.id });
    if (done.length === 0) return false;
    await tx
      .update(webhookDeliveries)
      .set({ status: 'failed', lastError: 'webhook disabled', nextAttemptAt: null, finishedAt: new Date() })
      .where(and(eq(webhookDeliveries.webhookId, webhookId), eq(webhookDeliveries.status, 'pending')));
    return true;
  });
}

/** [issue 16.5] The delivery log keeps finished deliveries for the job retention period. */
export async function pruneDeliveries(db: Db, before: Date): Promise<number> {
  const gone = await db
    .delete(webhookDeliveries)
    .where(and(ne(webhookDeliveries.status, 'pending'), lt(webhookDeliveries.finishedAt, before)))
    .returning({ id: webhookDeliveries.id });
  return gone.length;
}

/** Deliveries by state, for /metrics. */
export async function countDeliveriesByStatus(db: Db): Promise<Array<{ status: string; n: number }>> {
  return db
    .select({ status: webhookDeliveries.status, n: sql<number>`count(*)::int` })
    .from(webhookDeliveries)
    .groupBy(webhookDeliveries.status);
}

export type ExpectationState = { text: string; ownerId: string | null; promisedTo: string | null; dueAt: Date; status: string };

/** What these promises were before a projection write, to tell which of them changed (expectation.updated). */
export async function findExpectationStates(db: Db, caseId: string, side: 'team' | 'shared', ids: string[]): Promise<Map<string, ExpectationState>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({
      id: expectationIndex.expectationId,
      text: expectationIndex.text,
      ownerId: expectationIndex.ownerId,
      promisedTo: expectationIndex.promisedTo,
      dueAt: expectationIndex.dueAt,
      status: expectationIndex.status,
    })
    .from(expectationIndex)
    .where(and(eq(expectationIndex.caseId, caseId), eq(expectationIndex.side, side), inArray(expectationIndex.expectationId, ids)));
  return new Map(rows.map(({ id, ...state }) => [id, state]));
}

/** A case's title, for a Slack line. */
export async function findCaseTitleById(db: Db, caseId: string): Promise<string | null> {
  const [row] = await db.select({ title: cases.title }).from(cases).where(eq(cases.id, caseId)).limit(1);
  return row?.title ?? null;
}
