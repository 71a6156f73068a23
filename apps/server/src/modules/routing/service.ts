import { closedStages } from '@casehub/case-document';
import { routingAction, routingConditions, type RoutingDecision, type RoutingRule } from '@casehub/contract';
import { and, asc, desc, eq, inArray, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../../storage/db.js';
import { caseContacts, cases, memberships, routingRules, routingTeams } from '../../storage/schema.js';
import { findUserName } from '../cases/repo.js';
import { findContactByAddress } from '../contacts/index.js';
import { decide, describe, type CaseRef, type OwnerClaim, type RoutedMessage, type Sender } from './route.js';

export type RouteInput = {
  workspaceId: string;
  message: RoutedMessage;
  /** The case the message was addressed or added to, if any, and how. */
  addressed: { caseId: string; how: 'case-address' | 'direct' } | null;
  /** The case of the thread it joined, if any. */
  threadCaseId: string | null;
};

export type RouteOutcome = { caseId: string | null; assigneeId: string | null; decision: RoutingDecision };

const caseRefColumns = { id: cases.id, title: cases.title, ownerId: cases.ownerId };

/** Rules of a workspace in order, as stored (a row whose JSON no longer parses is skipped). */
export async function loadRules(db: Db, workspaceId: string): Promise<RoutingRule[]> {
  const rows = await db.select().from(routingRules).where(eq(routingRules.workspaceId, workspaceId)).orderBy(asc(routingRules.position), asc(routingRules.createdAt));
  return rows.flatMap((r) => {
    const conditions = routingConditions.safeParse(r.conditions);
    const action = routingAction.safeParse(r.action);
    return conditions.success && action.success ? [{ id: r.id, name: r.name, position: r.position, enabled: r.enabled, conditions: conditions.data, action: action.data }] : [];
  });
}

/** The sender as routing sees them (modules/contacts does the lookup). */
async function findSender(db: Db, workspaceId: string, address: string): Promise<Sender | null> {
  const match = await findContactByAddress(db, workspaceId, address);
  return match ? { ...match, name: match.name ?? '', accountName: match.accountName ?? '' } : null;
}

/** The open case the sender is a stakeholder on, else their account's, most recently active first. */
async function senderCase(db: Db, workspaceId: string, sender: Sender): Promise<CaseRef | null> {
  const open = and(eq(cases.workspaceId, workspaceId), notInArray(cases.stage, [...closedStages]));
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

async function caseRef(db: Db, workspaceId: string, caseId: string | null): Promise<CaseRef | null> {
  if (!caseId) return null;
  const [row] = await db.select(caseRefColumns).from(cases).where(and(eq(cases.id, caseId), eq(cases.workspaceId, workspaceId)));
  return row ?? null;
}

/** Whose turn it is in a named team: the cursor moves on atomically, so two nodes never hand out the same turn. */
async function nextInTeam(db: Db, workspaceId: string, teamId: string): Promise<string | null> {
  const [team] = await db.select({ memberIds: routingTeams.memberIds }).from(routingTeams).where(and(eq(routingTeams.id, teamId), eq(routingTeams.workspaceId, workspaceId)));
  if (!team || team.memberIds.length === 0) return null;
  // Only people still in the workspace take turns.
  const present = await membersAmong(db, workspaceId, team.memberIds);
  const eligible = team.memberIds.filter((id) => present.has(id));
  if (eligible.length === 0) return null;
  const [turn] = await db
    .update(routingTeams)
    .set({ cursor: sql`${routingTeams.cursor} + 1` })
    .where(eq(routingTeams.id, teamId))
    .returning({ cursor: routingTeams.cursor });
  return eligible[((turn?.cursor ?? 1) - 1) % eligible.length] ?? null;
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

async function resolveOwner(db: Db, workspaceId: string, claim: OwnerClaim): Promise<string | null> {
  if (!claim) return null;
  if (claim.type === 'round-robin') return nextInTeam(db, workspaceId, claim.teamId);
  return (await membersAmong(db, workspaceId, [claim.userId])).has(claim.userId) ? claim.userId : null;
}

/**
 * Routes one inbound message: gathers the facts (cases, sender, rules) and
 * lets the pure `decide` choose; then turns its owner claim into a person
 * (round-robin takes a turn) and writes the reason down in words.
 */
export async function routeInbound(db: Db, input: RouteInput): Promise<RouteOutcome> {
  const { workspaceId } = input;
  const [addressed, thread, sender, rules] = await Promise.all([
    caseRef(db, workspaceId, input.addressed?.caseId ?? null),
    caseRef(db, workspaceId, input.threadCaseId),
    findSender(db, workspaceId, input.message.fromAddress),
    loadRules(db, workspaceId),
  ]);
  const fromSender = !addressed && !thread && sender ? await senderCase(db, workspaceId, sender) : null;
  const routing = decide(input.message, {
    addressed: addressed && input.addressed ? { case: addressed, how: input.addressed.how } : null,
    thread,
    sender,
    senderCase: fromSender,
    rules,
  });
  let caseId = routing.caseId;
  let owner = routing.owner;
  if (routing.how === 'rule' && caseId) {
    // A rule may name a case that has since been deleted: then the message waits in triage.
    const target = await caseRef(db, workspaceId, caseId);
    if (!target) caseId = null;
    else if (!owner && target.ownerId) owner = { type: 'user', userId: target.ownerId };
  }
  const assigneeId = await resolveOwner(db, workspaceId, owner);
  const ownerName = assigneeId ? await findUserName(db, assigneeId) : null;
  const how = caseId ? routing.how : 'triage';
  return {
    caseId,
    assigneeId,
    decision: { how, ruleId: routing.rule?.id ?? null, reason: describe({ ...routing, how }, ownerName) },
  };
}
