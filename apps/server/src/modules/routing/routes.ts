import {
  responseTargets,
  routingReorderInput,
  routingRuleInput,
  routingRulePatch,
  routingTeamInput,
  type RoutingAction,
  type RoutingConditions,
  type RoutingRuleInput,
} from '@casehub/contract';
import { and, asc, eq, isNull, max } from 'drizzle-orm';
import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { AppError, notFound } from '../../errors.js';
import { requireActor } from '../../http/middleware.js';
import { parseJson } from '../../http/validate.js';
import { newId } from '../../lib/ids.js';
import type { Db } from '../../storage/db.js';
import { accounts, routingRules, routingTeams } from '../../storage/schema.js';
import { can, canInWorkspace, type Actor } from '../access/policy.js';
import { findCaseWithMembership } from '../cases/repo.js';
import { insertAudit } from '../auth/repo.js';
import { loadResponseTargets, saveResponseTargets } from '../responses/clock.js';
import { loadRules, membersAmong } from './service.js';

const notAllowed = () => new AppError('forbidden', 'Only workspace owners and admins can change routing');

function reader(c: Parameters<typeof requireActor>[0]): Actor {
  const actor = requireActor(c);
  if (!canInWorkspace(actor, 'routing.read')) throw notFound('No such page');
  return actor;
}

function manager(c: Parameters<typeof requireActor>[0]): Actor {
  const actor = reader(c);
  if (!canInWorkspace(actor, 'routing.manage')) throw notAllowed();
  return actor;
}

/** Routing rules and teams, and the first-response targets, edited in settings. */
export function routingRoutes(db: Db) {
  /** Everything a rule refers to must exist in the workspace; the message says which does not. */
  async function checkReferences(actor: Actor, conditions: RoutingConditions, action: RoutingAction, before?: RoutingAction): Promise<void> {
    const { workspaceId } = actor;
    const { assign } = action;
    if (assign.type === 'user' && !(await membersAmong(db, workspaceId, [assign.userId])).has(assign.userId)) {
      throw new AppError('bad_request', 'action.assign.userId: not a member of this workspace');
    }
    if (assign.type === 'round-robin') {
      const [t] = await db.select({ id: routingTeams.id }).from(routingTeams).where(and(eq(routingTeams.workspaceId, workspaceId), eq(routingTeams.id, assign.teamId)));
      if (!t) throw new AppError('bad_request', 'action.assign.teamId: no such team');
    }
    // A rule files mail into its case: only into one the rule's author may add to (a private case they are
    // not on does not exist for them, issue 20.11). A target kept unchanged by an edit was checked when set.
    if (action.caseId && action.caseId !== before?.caseId) {
      const found = await findCaseWithMembership(db, workspaceId, action.caseId, actor.userId);
      const subject = found && { workspaceId, private: found.case.private, membership: found.membership && { access: found.membership.access } };
      if (!subject || !can(actor, 'case.view', subject)) throw new AppError('bad_request', 'action.caseId: no such case');
      if (!can(actor, 'case.edit', subject)) throw new AppError('forbidden', 'action.caseId: you may not add mail to that case');
    }
    if (conditions.accountId) {
      const [a] = await db
        .select({ id: accounts.id })
        .from(accounts)
        .where(and(eq(accounts.workspaceId, workspaceId), eq(accounts.id, conditions.accountId), isNull(accounts.mergedInto)));
      if (!a) throw new AppError('bad_request', 'conditions.accountId: no such account');
    }
  }

  async function checkMembers(workspaceId: string, memberIds: string[]): Promise<void> {
    const found = await membersAmong(db, workspaceId, memberIds);
    const missing = memberIds.filter((id) => !found.has(id));
    if (missing.length > 0) throw new AppError('bad_request', `memberIds: not members of this workspace: ${missing.join(', ')}`);
  }

  const audit = (actor: Actor, action: string, subjectId: string, data?: unknown) =>
    insertAudit(db, { workspaceId: actor.workspaceId, actorId: actor.userId, action, subjectId, data: data ?? null });

  const ruleOf = async (workspaceId: string, id: string) => {
    const rule = (await loadRules(db, workspaceId)).find((r) => r.id === id);
    if (!rule) throw notFound('No such routing rule');
    return rule;
  };

  return new Hono<AppEnv>()
    .get('/routing/rules', async (c) => {
      const actor = reader(c);
      return c.json({ rules: await loadRules(db, actor.workspaceId) });
    })
    .post('/routing/rules', async (c) => {
      const actor = manager(c);
      const input = await parseJson(c, routingRuleInput);
      await checkReferences(actor, input.conditions, input.action);
      const id = newId();
      await db.transaction(async (tx) => {
        const [last] = await tx.select({ position: max(routingRules.position) }).from(routingRules).where(eq(routingRules.workspaceId, actor.workspaceId));
        await tx.insert(routingRules).values({ id, workspaceId: actor.workspaceId, position: (last?.position ?? -1) + 1, ...input });
      });
      await audit(actor, 'routing.rule.create', id, { name: input.name });
      return c.json(await ruleOf(actor.workspaceId, id), 201);
    })
    .patch('/routing/rules/:id', async (c) => {
      const actor = manager(c);
      const current = await ruleOf(actor.workspaceId, c.req.param('id'));
      const patch = await parseJson(c, routingRulePatch);
      const next: RoutingRuleInput = { ...current, ...patch };
      await checkReferences(actor, next.conditions, next.action, current.action);
      await db
        .update(routingRules)
        .set({ name: next.name, enabled: next.enabled, conditions: next.conditions, action: next.action, updatedAt: new Date() })
        .where(and(eq(routingRules.workspaceId, actor.workspaceId), eq(routingRules.id, current.id)));
      await audit(actor, 'routing.rule.update', current.id, patch);
      return c.json(await ruleOf(actor.workspaceId, current.id));
    })
    .delete('/routing/rules/:id', async (c) => {
      const actor = manager(c);
      const gone = await db
        .delete(routingRules)
        .where(and(eq(routingRules.workspaceId, actor.workspaceId), eq(routingRules.id, c.req.param('id'))))
        .returning({ id: routingRules.id, name: routingRules.name });
      if (gone.length === 0) throw notFound('No such routing rule');
      await audit(actor, 'routing.rule.delete', c.req.param('id'), { name: gone[0]?.name });
      return c.body(null, 204);
    })
    .post('/routing/rules/reorder', async (c) => {
      const actor = manager(c);
      const { ids } = await parseJson(c, routingReorderInput);
      const rules = await loadRules(db, actor.workspaceId);
      const known = new Set(rules.map((r) => r.id));
      if (ids.length !== known.size || new Set(ids).size !== ids.length || !ids.every((id) => known.has(id))) {
        throw new AppError('bad_request', 'ids: list every rule of the workspace exactly once, in the new order');
      }
      await db.transaction(async (tx) => {
        for (const [position, id] of ids.entries()) {
          await tx.update(routingRules).set({ position }).where(and(eq(routingRules.workspaceId, actor.workspaceId), eq(routingRules.id, id)));
        }
      });
      await audit(actor, 'routing.rule.reorder', actor.workspaceId, { ids });
      return c.json({ rules: await loadRules(db, actor.workspaceId) });
    })
    .get('/routing/teams', async (c) => {
      const actor = reader(c);
      const teams = await db
        .select({ id: routingTeams.id, name: routingTeams.name, memberIds: routingTeams.memberIds })
        .from(routingTeams)
        .where(eq(routingTeams.workspaceId, actor.workspaceId))
        .orderBy(asc(routingTeams.name));
      return c.json({ teams });
    })
    .post('/routing/teams', async (c) => {
      const actor = manager(c);
      const input = await parseJson(c, routingTeamInput);
      await checkMembers(actor.workspaceId, input.memberIds);
      const id = newId();
      const inserted = await db
        .insert(routingTeams)
        .values({ id, workspaceId: actor.workspaceId, name: input.name, memberIds: [...new Set(input.memberIds)] })
        .onConflictDoNothing()
        .returning({ id: routingTeams.id });
      if (inserted.length === 0) throw new AppError('conflict', `A team named "${input.name}" already exists`);
      await audit(actor, 'routing.team.create', id, { name: input.name });
      return c.json({ id, name: input.name, memberIds: [...new Set(input.memberIds)] }, 201);
    })
    .put('/routing/teams/:id', async (c) => {
      const actor = manager(c);
      const input = await parseJson(c, routingTeamInput);
      await checkMembers(actor.workspaceId, input.memberIds);
      const memberIds = [...new Set(input.memberIds)];
      const done = await db
        .update(routingTeams)
        .set({ name: input.name, memberIds })
        .where(and(eq(routingTeams.workspaceId, actor.workspaceId), eq(routingTeams.id, c.req.param('id'))))
        .returning({ id: routingTeams.id })
        .catch((err: unknown) => {
          if ((err as { code?: string }).code === '23505') throw new AppError('conflict', `A team named "${input.name}" already exists`);
          throw err;
        });
      if (done.length === 0) throw notFound('No such team');
      await audit(actor, 'routing.team.update', c.req.param('id'), input);
      return c.json({ id: c.req.param('id'), name: input.name, memberIds });
    })
    .delete('/routing/teams/:id', async (c) => {
      const actor = manager(c);
      const id = c.req.param('id');
      const usedBy = (await loadRules(db, actor.workspaceId)).filter((r) => r.action.assign.type === 'round-robin' && r.action.assign.teamId === id);
      if (usedBy.length > 0) throw new AppError('conflict', `Rules still hand messages to this team: ${usedBy.map((r) => `'${r.name}'`).join(', ')}`);
      const gone = await db.delete(routingTeams).where(and(eq(routingTeams.workspaceId, actor.workspaceId), eq(routingTeams.id, id))).returning({ id: routingTeams.id });
      if (gone.length === 0) throw notFound('No such team');
      await audit(actor, 'routing.team.delete', id);
      return c.body(null, 204);
    })
    .get('/settings/response-targets', async (c) => {
      const actor = reader(c);
      return c.json(await loadResponseTargets(db, actor.workspaceId));
    })
    .put('/settings/response-targets', async (c) => {
      const actor = manager(c);
      const targets = await parseJson(c, responseTargets);
      await saveResponseTargets(db, actor.workspaceId, targets);
      await audit(actor, 'settings.response-targets', actor.workspaceId, targets);
      return c.json(targets);
    });
}
