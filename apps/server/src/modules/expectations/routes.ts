import { addExpectation, docName, expectationStatuses, promiseSides, readExpectation, setPromiseSide, type PromiseSide } from '@casehub/case-document';
import { and, asc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { Hono } from 'hono';
import * as Y from 'yjs';
import { z } from 'zod';
import type { AppEnv } from '../../http/context.js';
import { AppError, notFound } from '../../errors.js';
import { requireActor } from '../../http/middleware.js';
import { parseJson, parseQuery } from '../../http/validate.js';
import { newId } from '../../lib/ids.js';
import type { Db } from '../../storage/db.js';
import { cases, expectationIndex, users } from '../../storage/schema.js';
import type { RoomManager } from '../../sync/rooms.js';
import { caseSideVisibleTo, type Viewer } from '../access/visibility.js';
import type { ActivityService } from '../activity/service.js';
import type { CasesService } from '../cases/service.js';
import type { ExpectationProjector } from './projection.js';
import { eligibleOwners } from './repo.js';

export const expectationInput = z.object({
  text: z.string().trim().min(1, 'must not be empty').max(2000),
  ownerId: z.string().max(64).nullable().optional(),
  promisedTo: z.string().trim().max(200).default(''),
  dueAt: z.iso.datetime({ offset: true, message: 'must be an ISO-8601 date and time' }),
  sourceActivityId: z.string().max(64).optional(),
  /** Promises the customer should see go into the shared document. */
  shared: z.boolean().default(false),
  /** DESIGN §3: who promised. Only the team's promises count in kept-promise rates. */
  side: z.enum(promiseSides).default('team'),
});

export const expectationPatch = z
  .object({
    status: z.enum(expectationStatuses).optional(),
    text: z.string().trim().min(1).max(2000).optional(),
    dueAt: z.iso.datetime({ offset: true }).optional(),
    ownerId: z.string().max(64).nullable().optional(),
  })
  .strict();

export const expectationQuery = z.object({
  view: z.enum(['week', 'at-risk', 'missed', 'open', 'all']).default('all'),
  caseId: z.string().max(64).optional(),
});

type Deps = { db: Db; rooms: RoomManager; caseService: CasesService; activity: ActivityService; projector: ExpectationProjector; now: () => Date };

export function expectationRoutes({ db, rooms, caseService, activity, projector, now }: Deps) {
  /** Promises of cases the actor may see, on a side they may read (A14: guests their own cases' shared side). */
  const visible = (actor: Viewer): SQL => caseSideVisibleTo(actor, expectationIndex.side);

  /** [issue 20.11] An owner must be someone who may own a promise of this case and side (expectations/repo.ts). */
  const assertOwner = async (workspaceId: string, caseId: string, ownerId: string | null, side: PromiseSide): Promise<void> => {
    if (ownerId && !(await eligibleOwners(db, workspaceId, caseId, [ownerId], side)).has(ownerId)) {
      throw new AppError('validation_failed', `ownerId: must be a member of this workspace${side === 'customer' ? ' or a guest on this case' : ''}`);
    }
  };

  return new Hono<AppEnv>()
    .post('/cases/:id/expectations', async (c) => {
      const actor = requireActor(c);
      const caseId = c.req.param('id');
      const input = await parseJson(c, expectationInput);
      await caseService.authorize(actor, caseId, 'case.edit', 'Only editors on the team can record a promise');
      const ownerId = input.ownerId ?? actor.userId;
      await assertOwner(actor.workspaceId, caseId, ownerId, input.side);
      const id = newId();
      const side = input.shared ? 'shared' : 'team';
      const name = docName(caseId, side);
      await rooms.change(name, (doc) => {
        addExpectation(doc, id, {
          text: input.text,
          ownerId,
          promisedTo: input.promisedTo,
          dueAt: new Date(input.dueAt).toISOString(),
          status: 'open',
          ...(input.sourceActivityId && { sourceActivityId: input.sourceActivityId }),
        });
        setPromiseSide(doc, id, input.side);
      });
      await projector.flushDoc(name);
      const [me] = await db.select({ name: users.name }).from(users).where(eq(users.id, actor.userId));
      await activity.add(caseId, 'team', {
        kind: 'expectation',
        at: now().toISOString(),
        actorId: actor.userId,
        actorName: me?.name ?? '',
        summary: `Promised${input.promisedTo ? ` to ${input.promisedTo}` : ''}: ${input.text} (due ${input.dueAt.slice(0, 10)})`,
      });
      return c.json({ expectationId: id, side }, 201);
    })
    .patch('/cases/:id/expectations/:eid', async (c) => {
      const actor = requireActor(c);
      const caseId = c.req.param('id');
      const eid = c.req.param('eid');
      const patch = await parseJson(c, expectationPatch);
      await caseService.authorize(actor, caseId, 'case.edit', 'Only editors on the team can change a promise');
      if (patch.ownerId) {
        const [indexed] = await db
          .select({ promiseSide: expectationIndex.promiseSide })
          .from(expectationIndex)
          .where(and(eq(expectationIndex.caseId, caseId), eq(expectationIndex.expectationId, eid)));
        await assertOwner(actor.workspaceId, caseId, patch.ownerId, indexed?.promiseSide ?? 'team');
      }
      for (const side of ['team', 'shared'] as const) {
        const name = docName(caseId, side);
        let found = false;
        await rooms.change(name, (doc) => {
          if (!readExpectation(doc, eid)) return;
          found = true;
          const item = doc.getMap('expectations').get(eid);
          if (!(item instanceof Y.Map)) return;
          doc.transact(() => {
            if (patch.status) item.set('status', patch.status);
            if (patch.text) item.set('text', patch.text);
            if (patch.dueAt) item.set('dueAt', new Date(patch.dueAt).toISOString());
            if (patch.ownerId !== undefined) item.set('ownerId', patch.ownerId);
          });
        });
        if (found) {
          await projector.flushDoc(name);
          return c.body(null, 204);
        }
      }
      throw notFound('No such promise on this case');
    })
    .get('/expectations', async (c) => {
      const actor = requireActor(c);
      const q = parseQuery(c, expectationQuery);
      const t = now();
      const filters: SQL[] = [eq(expectationIndex.workspaceId, actor.workspaceId), visible(actor)];
      if (q.caseId) filters.push(eq(expectationIndex.caseId, q.caseId));
      if (q.view === 'week') {
        filters.push(inArray(expectationIndex.status, ['open', 'at-risk']), gte(expectationIndex.dueAt, t), lte(expectationIndex.dueAt, new Date(t.getTime() + 7 * 86_400_000)));
      } else if (q.view === 'open') filters.push(inArray(expectationIndex.status, ['open', 'at-risk']));
      else if (q.view !== 'all') filters.push(eq(expectationIndex.status, q.view));
      const rows = await db
        .select({ row: expectationIndex, caseTitle: cases.title, account: cases.account, ownerName: users.name })
        .from(expectationIndex)
        .innerJoin(cases, eq(cases.id, expectationIndex.caseId))
        .leftJoin(users, eq(users.id, expectationIndex.ownerId))
        .where(and(...filters))
        .orderBy(asc(expectationIndex.dueAt))
        .limit(500);
      return c.json({
        expectations: rows.map(({ row, caseTitle, account, ownerName }) => ({
          id: row.expectationId,
          caseId: row.caseId,
          caseTitle,
          // The account is a team-only field (issue 20.5): guests get the shared fields only.
          account: actor.role === 'guest' ? '' : account,
          side: row.side,
          promiseSide: row.promiseSide,
          text: row.text,
          ownerId: row.ownerId,
          ownerName,
          promisedTo: row.promisedTo,
          dueAt: row.dueAt.toISOString(),
          status: row.status,
        })),
      });
    })
    .get('/expectations/stats', async (c) => {
      const actor = requireActor(c);
      // Only what the team promised counts: a customer's promise (every one a guest writes) is no one's record here (issue 20.11).
      const where = and(
        eq(expectationIndex.workspaceId, actor.workspaceId),
        visible(actor),
        inArray(expectationIndex.status, ['met', 'missed']),
        eq(expectationIndex.promiseSide, 'team'),
      );
      const kept = sql<number>`count(*) filter (where ${expectationIndex.status} = 'met')::int`;
      const total = sql<number>`count(*)::int`;
      const [overall, byOwner, byAccount] = await Promise.all([
        db.select({ kept, total }).from(expectationIndex).innerJoin(cases, eq(cases.id, expectationIndex.caseId)).where(where),
        db
          .select({ ownerId: expectationIndex.ownerId, name: users.name, kept, total })
          .from(expectationIndex)
          .innerJoin(cases, eq(cases.id, expectationIndex.caseId))
          .leftJoin(users, eq(users.id, expectationIndex.ownerId))
          .where(where)
          .groupBy(expectationIndex.ownerId, users.name),
        db
          .select({ account: cases.account, kept, total })
          .from(expectationIndex)
          .innerJoin(cases, eq(cases.id, expectationIndex.caseId))
          .where(where)
          .groupBy(cases.account),
      ]);
      const rate = (r: { kept: number; total: number }) => ({ ...r, rate: r.total ? r.kept / r.total : null });
      // Per account would name the accounts, a team-only field (issue 20.5): not for guests.
      const accounts = actor.role === 'guest' ? [] : byAccount.map(rate);
      return c.json({ overall: rate(overall[0] ?? { kept: 0, total: 0 }), byOwner: byOwner.map(rate), byAccount: accounts });
    });
}
