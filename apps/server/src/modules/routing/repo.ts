import { caseKinds, closedStages, type CaseKind } from '@casehub/case-document';
import { closedStageNames, routingAction, routingConditions, type RoutingRule, type RoutingRuleInput } from '@casehub/contract';
import { and, asc, desc, eq, inArray, isNull, max, notInArray, or, sql } from 'drizzle-orm';
import type { Db } from '../../storage/db.js';
import { accounts, caseContacts, cases, memberships, routingRules, routingTeams } from '../../storage/schema.js';
import type { CaseRef } from './route.js';
import { isUniqueViolation } from '../../storage/unique.js';
import { readPipelines } from '../pipelines/service.js';

const caseRefColumns = { id: cases.id, title: cases.title, ownerId: cases.ownerId };

/** Rules of a workspace in order, as stored (a row whose JSON no longer parses is skipped). */
export async function listRules(db: Db, workspaceId: string): Promise<RoutingRule[]> {
  const rows = await db
    .select()
    .from(routingRules)
    .where(eq(routingRules.workspaceId, workspaceId))
    .orderBy(asc(routingRules.position), asc(routingRules.createdAt));
  return rows.flatMap((r) => {
    const conditions = routingConditions.safeParse(r.conditions);
    const action = routingAction.safeParse(r.action);
    return conditions.success && action.success
      ? [{ id: r.id, name: r.name, position: r.position, enabled: r.enabled, conditions: conditions.data, action: action.data }]
      : [];
  });
}

/** Adds a rule after the workspace's last one. */
export async function insertRule(db: Db, workspaceId: string, id: string, rule: RoutingRuleInput): Promise<void> {
  await db.transaction(async (tx) => {
    const [last] = await tx
      .select({ position: max(routingRules.position) })
      .from(routingRules)
      .where(eq(routingRules.workspaceId, workspaceId));
    await tx.insert(routingRules).values({ id, workspaceId, position: (last?.position ?? -1) + 1, ...rule });
  });
}

export async function updateRule(db: Db, workspaceId: string, id: string, rule: RoutingRuleInput): Promise<void> {
  await db
    .update(routingRules)
    .set({ name: rule.name, enabled: rule.enabled, conditions: rule.conditions, action: rule.action, updatedAt: new Date() })
    .where(and(eq(routingRules.workspaceId, workspaceId), eq(routingRules.id, id)));
}

/** Deletes a rule; its name, or null when the workspace has no such rule. */
export async function deleteRule(db: Db, workspaceId: string, id: string): Promise<{ name: string } | null> {
  const [gone] = await db
    .delete(routingRules)
    .where(and(eq(routingRules.workspaceId, workspaceId), eq(routingRules.id, id)))
    .returning({ name: routingRules.name });
  return gone ?? null;
}

/** Gives the rules `ids` the positions 0, 1, 2… in that order, in one transaction. */
export async function reorderRules(db: Db, workspaceId: string, ids: readonly string[]): Promise<void> {
  await db.transaction(async (tx) => {
    for (const [position, id] of ids.entries()) {
      await tx
        .update(routingRules)
        .set({ position })
        .where(and(eq(routingRules.workspaceId, workspaceId), eq(routingRules.id, id)));
    }
  });
}

export async function listTeams(db: Db, workspaceId: string) {
  return db
    .select({ id: routingTeams.id, name: routingTeams.name, memberIds: routingTeams.memberIds })
    .from(routingTeams)
    .where(eq(routingTeams.workspaceId, workspaceId))
    .orderBy(asc(routingTeams.name));
}

export async function teamExists(db: Db, workspaceId: string, teamId: string): Promise<boolean> {
  const [t] = await db
    .select({ id: routingTeams.id })
    .from(routingTeams)
    .where(and(eq(routingTeams.workspaceId, workspaceId), eq(routingTeams.id, teamId)));
  return t !== undefined;
}

/** Adds a team; false when the workspace already has one of that name. */
export async function insertTeam(db: Db, workspaceId: string, team: { id: string; name: string; memberIds: string[] }): Promise<boolean> {
  const inserted = await db
    .insert(routingTeams)
    .values({ workspaceId, ...team })
    .onConflictDoNothing()
    .returning({ id: routingTeams.id });
  return inserted.length > 0;
}

/** Renames a team and sets its members: 'missing' when there is no such team, 'name-taken' when another has the name. */
export async function updateTeam(
  db: Db,
  workspaceId: string,
  id: string,
  team: { name: string; memberIds: string[] },
): Promise<'updated' | 'missing' | 'name-taken'> {
  try {
    const done = await db
      .update(routingTeams)
      .set(team)
      .where(and(eq(routingTeams.workspaceId, workspaceId), eq(routingTeams.id, id)))
      .returning({ id: routingTeams.id });
    return done.length === 0 ? 'missing' : 'updated';
  } catch (err: unknown) {
    if (isUniqueViolation(err)) return 'name-taken';
    throw err;
  }
}

export async function deleteTeam(db: Db, workspaceId: string, id: string): Promise<boolean> {
  const gone = await db
    .delete(routingTeams)
    .where(and(eq(routingTeams.workspaceId, workspaceId), eq(routingTeams.id, id)))
    .returning({ id: routingTeams.id });
  return gone.length > 0;
}

/** Whose turn it is among `eligible` in a team: the cursor moves on atomically, so two nodes never hand out the same turn. */
export async function takeTurn(db: Db, workspaceId: string, teamId: string, eligible: readonly string[]): Promise<string | null> {
  const [turn] = await db
    .update(routingTeams)
    .set({ cursor: sql`${routingTeams.cursor} + 1` })
    .where(and(eq(routingTeams.id, teamId), eq(routingTeams.workspaceId, workspaceId)))
    .returning({ cursor: routingTeams.cursor });
  return eligible[((turn?.cursor ?? 1) - 1) % eligible.length] ?? null;
}

export async function findTeamMembers(db: Db, workspaceId: string, teamId: string): Promise<string[] | null> {
  const [team] = await db
    .select({ memberIds: routingTeams.memberIds })
    .from(routingTeams)
    .where(and(eq(routingTeams.id, teamId), eq(routingTeams.workspaceId, workspaceId)));
  return team?.memberIds ?? null;
}

/** A live (not merged) account of the workspace. */
export async function accountExists(db: Db, workspaceId: string, accountId: string): Promise<boolean> {
  const [a] = await db
    .select({ id: accounts.id })
    .from(accounts)
    .where(and(eq(accounts.workspaceId, workspaceId), eq(accounts.id, accountId), isNull(accounts.mergedInto)));
  return a !== undefined;
}

/** Which of `userIds` are members of the workspace (not guests): the people routing may hand mail to. */
export async function membersAmong(db: Db, workspaceId: string, userIds: string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), inArray(memberships.userId, userIds), sql`${memberships.role} <> 'guest'`));
  return new Set(rows.map((r) => r.userId));
}

export async function findCaseRef(db: Db, workspaceId: string, caseId: string | null): Promise<CaseRef | null> {
  if (!caseId) return null;
  const [row] = await db
    .select(caseRefColumns)
    .from(cases)
    .where(and(eq(cases.id, caseId), eq(cases.workspaceId, workspaceId)));
  return row ?? null;
}

/** The open case the sender is a stakeholder on, else their account's, most recently active first. */
export async function findSenderCase(db: Db, workspaceId: string, sender: { contactId: string | null; accountName: string }): Promise<CaseRef | null> {
  // Open: not at a stage the kind's pipeline closes (issue 17.2), nor, for a stage it does not list, one the free-text days counted closed.
  const pipelines = await readPipelines(db, workspaceId);
  const closedOf = (kind: CaseKind): string[] => [
    ...closedStageNames({ stages: pipelines[kind] }),
    ...closedStages.filter((name) => !pipelines[kind].some((s) => s.name === name)),
  ];
  const open = and(eq(cases.workspaceId, workspaceId), or(...caseKinds.map((kind) => and(eq(cases.kind, kind), notInArray(cases.stage, closedOf(kind))))));
  if (sender.contactId) {
    const [onCase] = await db
      .select(caseRefColumns)
      .from(caseContacts)
      .innerJoin(cases, eq(cases.id, caseContacts.caseId))
      .where(and(open, eq(caseContacts.contactId, sender.contactId)))
      .orderBy(desc(cases.updatedAt))
      .limit(1);
    if (onCase) return onCase;
  }
  if (!sender.accountName) return null;
  const [ofAccount] = await db
    .select(caseRefColumns)
    .from(cases)
    .where(and(open, sql`lower(${cases.account}) = lower(${sender.accountName})`))
    .orderBy(desc(cases.updatedAt))
    .limit(1);
  return ofAccount ?? null;
}
