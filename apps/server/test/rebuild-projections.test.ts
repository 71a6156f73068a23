import { asc, eq, getTableColumns, sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildProjections } from '../src/modules/projections/rebuild.js';
import type { Db } from '../src/storage/db.js';
import { activityIndex, cases, expectationIndex, jobs } from '../src/storage/schema.js';
import { backends, createCase, signUp, startTestServer, waitFor, type TestEnv } from './helpers.js';

/** Everything the projections wrote, in a fixed order (a promise row's `updatedAt` is when it was written, so it is left out). */
async function projected(db: Db) {
  const caseRows = await db
    .select({
      id: cases.id,
      title: cases.title,
      kind: cases.kind,
      stage: cases.stage,
      priority: cases.priority,
      ownerId: cases.ownerId,
      account: cases.account,
      value: cases.value,
      currency: cases.currency,
      closeDate: cases.closeDate,
      updatedAt: cases.updatedAt,
    })
    .from(cases)
    .orderBy(asc(cases.id));
  const { search: _search, ...activityColumns } = getTableColumns(activityIndex);
  const activity = await db
    .select({ ...activityColumns, search: sql<string>`${activityIndex.search}::text` })
    .from(activityIndex)
    .orderBy(asc(activityIndex.caseId), asc(activityIndex.side), asc(activityIndex.activityId));
  const { updatedAt: _updatedAt, ...promiseColumns } = getTableColumns(expectationIndex);
  const promises = await db
    .select(promiseColumns)
    .from(expectationIndex)
    .orderBy(asc(expectationIndex.caseId), asc(expectationIndex.side), asc(expectationIndex.expectationId));
  return { cases: caseRows, activity, promises };
}

const webhookJobs = async (db: Db) => (await db.select({ id: jobs.id }).from(jobs).where(eq(jobs.kind, 'webhook.deliver'))).length;

describe.each(backends)('rebuilding the projections on %s', (backend) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestServer(backend, { WEBHOOK_ALLOW_PRIVATE: 'true' });
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('dropped and scrambled rows come back as the server projected them, with no webhook event', async () => {
    const { db } = env.server.database;
    const url = env.server.url;
    const owner = await signUp(url);
    // A receiver that never answers: only the outbox is looked at.
    expect((await owner.client.post('/api/webhooks', { url: 'http://127.0.0.1:9/hook', events: ['*'] })).status).toBe(201);
    const deal = await createCase(owner.client, { title: 'Renewal of Acme', kind: 'deal', stage: 'proposal', value: 42000, account: 'Acme' });
    const ticket = await createCase(owner.client, { title: 'Login loop', kind: 'support', priority: 'urgent' });
    for (const [c, text, shared] of [
      [deal, 'Call with the buyer: wants a discount', false],
      [deal, 'Shared agenda for Thursday', true],
      [ticket, 'Reproduced on Safari 17', false],
    ] as const) {
      expect((await owner.client.post(`/api/cases/${c.id}/notes`, { kind: 'note', text, shared })).status).toBe(201);
    }
    const due = new Date(Date.now() + 3 * 24 * 3600_000).toISOString();
    expect((await owner.client.post(`/api/cases/${deal.id}/expectations`, { text: 'Quote by Friday', dueAt: due, shared: true })).status).toBe(201);
    expect((await owner.client.post(`/api/cases/${ticket.id}/expectations`, { text: 'A fix within a week', dueAt: due })).status).toBe(201);
    expect((await owner.client.patch(`/api/cases/${deal.id}`, { stage: 'negotiation' })).status).toBe(200);

    // The live projections settle (they are written shortly after each commit).
    await waitFor(async () => {
      const p = await projected(db);
      return p.activity.length >= 4 && p.promises.length === 2 && p.cases.find((c) => c.id === deal.id)?.stage === 'negotiation';
    }, 'the projections to be written');
    // Settled: two reads 1.5 s apart agree, longer than the case projector batches its "worked on" touches (1 s):
    // a busy machine may still be writing a case row a moment later.
    let previous = await projected(db);
    const before = await waitFor(async () => {
      await new Promise((r) => setTimeout(r, 1500));
      const now = await projected(db);
      const same = JSON.stringify(now) === JSON.stringify(previous);
      previous = now;
      return same ? now : null;
    }, 'the projections to stop changing');
    const hooks = await webhookJobs(db);

    await db.delete(activityIndex);
    await db.delete(expectationIndex);
    await db.update(cases).set({ title: 'lost', stage: 'lost', priority: 'low', account: '', value: null, ownerId: null });

    const result = await rebuildProjections(db, pino({ level: 'silent' }));
    expect(result).toMatchObject({ cases: 2, unreadableUpdates: 0 });
    expect(result.documents).toBeGreaterThanOrEqual(3);
    expect(await projected(db)).toEqual(before);
    expect(await webhookJobs(db)).toBe(hooks);

    // What the lists and the search read works again.
    const search = await owner.client.get(`/api/search?q=${encodeURIComponent('discount')}`);
    expect(search.body.results.map((r: { caseId: string }) => r.caseId)).toEqual([deal.id]);
    const list = await owner.client.get('/api/expectations?view=all');
    expect(list.status).toBe(200);
  });

  it('rows of entries no longer in the documents are removed; an empty server rebuilds nothing', async () => {
    const { db } = env.server.database;
    const [someCase] = await db.select({ id: cases.id, workspaceId: cases.workspaceId }).from(cases).limit(1);
    if (!someCase) throw new Error('the first test made cases');
    await db.insert(activityIndex).values({
      caseId: someCase.id,
      activityId: 'not-in-any-document',
      side: 'team',
      workspaceId: someCase.workspaceId,
      kind: 'note',
      at: new Date(),
      summary: 'a row nothing projected',
    });
    await rebuildProjections(db, pino({ level: 'silent' }));
    expect(await db.select().from(activityIndex).where(eq(activityIndex.activityId, 'not-in-any-document'))).toEqual([]);
  });
});
