import type { ResponseTargets, RoutingAction, RoutingConditions, RoutingDecision, RoutingRule, RoutingRuleInput, RoutingTeam } from '@casehub/contract';
import { AppError, notFound } from '../../errors.js';
import { newId } from '../../lib/ids.js';
import type { Db } from '../../storage/db.js';
import { can, type Actor } from '../access/policy.js';
import { insertAudit } from '../auth/repo.js';
import { findCaseWithMembership, findUserName } from '../cases/repo.js';
import { findContactByAddress } from '../contacts/index.js';
import { loadResponseTargets, saveResponseTargets } from '../responses/clock.js';
import * as repo from './repo.js';
import { decide, describe, type OwnerClaim, type RoutedMessage, type Sender } from './route.js';

export type RouteInput = {
  workspaceId: string;
  message: RoutedMessage;
  /** The case the message was addressed or added to, if any, and how. */
  addressed: { caseId: string; how: 'case-address' | 'direct' } | null;
  /** The case of the thread it joined, if any. */
  threadCaseId: string | null;
  /** [issue 13.7] Why its sender failed verification, if they did: then only its case address places it. */
  unverified?: string | null;
};

export type RouteOutcome = { caseId: string | null; assigneeId: string | null; decision: RoutingDecision };

/** The sender as routing sees them (modules/contacts does the lookup). */
async function findSender(db: Db, workspaceId: string, address: string): Promise<Sender | null> {
  const match = await findContactByAddress(db, workspaceId, address);
  return match ? { ...match, name: match.name ?? '', accountName: match.accountName ?? '' } : null;
}

/**
 * The open case of the contact (or account) an address belongs to, as
 * routing finds a sender's: for mail the team sent from its own mail client
 * (a mailbox's sent folder), by who received it.
 */
export async function caseOfContact(db: Db, workspaceId: string, address: string): Promise<string | null> {
  const sender = await findSender(db, workspaceId, address);
  return sender ? ((await repo.findSenderCase(db, workspaceId, sender))?.id ?? null) : null;
}

/** Whose turn it is in a named team; only people still in the workspace take turns. */
async function nextInTeam(db: Db, workspaceId: string, teamId: string): Promise<string | null> {
  const memberIds = await repo.findTeamMembers(db, workspaceId, teamId);
  if (!memberIds || memberIds.length === 0) return null;
  const present = await repo.membersAmong(db, workspaceId, memberIds);
  const eligible = memberIds.filter((id) => present.has(id));
  if (eligible.length === 0) return null;
  return repo.takeTurn(db, workspaceId, teamId, eligible);
}

async function resolveOwner(db: Db, workspaceId: string, claim: OwnerClaim): Promise<string | null> {
  if (!claim) return null;
  if (claim.type === 'round-robin') return nextInTeam(db, workspaceId, claim.teamId);
  return (await repo.membersAmong(db, workspaceId, [claim.userId])).has(claim.userId) ? claim.userId : null;
}

/**
 * Routes one inbound message: gathers the facts (cases, sender, rules) and
 * lets the pure `decide` choose; then turns its owner claim into a person
 * (round-robin takes a turn) and writes the reason down in words.
 */
export async function routeInbound(db: Db, input: RouteInput): Promise<RouteOutcome> {
  const { workspaceId } = input;
  const [addressed, thread, sender, rules] = await Promise.all([
    repo.findCaseRef(db, workspaceId, input.addressed?.caseId ?? null),
    repo.findCaseRef(db, workspaceId, input.threadCaseId),
    findSender(db, workspaceId, input.message.fromAddress),
    repo.listRules(db, workspaceId),
  ]);
  const unverified = input.unverified ?? null;
  const fromSender = !unverified && !addressed && !thread && sender ? await repo.findSenderCase(db, workspaceId, sender) : null;
  const routing = decide(input.message, {
    addressed: addressed && input.addressed ? { case: addressed, how: input.addressed.how } : null,
    thread,
    sender,
    senderCase: fromSender,
    rules,
    unverified,
  });
  let caseId = routing.caseId;
  let owner = routing.owner;
  if (routing.how === 'rule' && caseId) {
    // A rule may name a case that has since been deleted: then the message waits in triage.
    const target = await repo.findCaseRef(db, workspaceId, caseId);
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

export type TeamInput = { name: string; memberIds: string[] };

/**
 * Routing rules and teams, and the first-response targets, as edited in
 * settings. The routes check who may read or manage them (A: routing.read,
 * routing.manage); every change here is audited.
 */
export function createRoutingService(db: Db) {
  /** Everything a rule refers to must exist in the workspace; the message says which does not. */
  async function checkReferences(actor: Actor, conditions: RoutingConditions, action: RoutingAction, before?: RoutingAction): Promise<void> {
    const { workspaceId } = actor;
    const { assign } = action;
    if (assign.type === 'user' && !(await repo.membersAmong(db, workspaceId, [assign.userId])).has(assign.userId)) {
      throw new AppError('bad_request', 'action.assign.userId: not a member of this workspace');
    }
    if (assign.type === 'round-robin' && !(await repo.teamExists(db, workspaceId, assign.teamId))) {
      throw new AppError('bad_request', 'action.assign.teamId: no such team');
    }
    // A rule files mail into its case: only into one the rule's author may add to (a private case they are
    // not on does not exist for them, issue 20.11). A target kept unchanged by an edit was checked when set.
    if (action.caseId && action.caseId !== before?.caseId) {
      const found = await findCaseWithMembership(db, workspaceId, action.caseId, actor.userId);
      const subject = found && { workspaceId, private: found.case.private, membership: found.membership && { access: found.membership.access } };
      if (!subject || !can(actor, 'case.view', subject)) throw new AppError('bad_request', 'action.caseId: no such case');
      if (!can(actor, 'case.edit', subject)) throw new AppError('forbidden', 'action.caseId: you may not add mail to that case');
    }
    if (conditions.accountId && !(await repo.accountExists(db, workspaceId, conditions.accountId))) {
      throw new AppError('bad_request', 'conditions.accountId: no such account');
    }
  }

  async function checkMembers(workspaceId: string, memberIds: string[]): Promise<void> {
    const found = await repo.membersAmong(db, workspaceId, memberIds);
    const missing = memberIds.filter((id) => !found.has(id));
    if (missing.length > 0) throw new AppError('bad_request', `memberIds: not members of this workspace: ${missing.join(', ')}`);
  }

  const audit = (actor: Actor, action: string, subjectId: string, data?: unknown) =>
    insertAudit(db, { workspaceId: actor.workspaceId, actorId: actor.userId, action, subjectId, data: data ?? null });

  const rule = async (workspaceId: string, id: string): Promise<RoutingRule> => {
    const found = (await repo.listRules(db, workspaceId)).find((r) => r.id === id);
    if (!found) throw notFound('No such routing rule');
    return found;
  };

  return {
    listRules: (actor: Actor): Promise<RoutingRule[]> => repo.listRules(db, actor.workspaceId),

    /** One rule of the actor's workspace, or not found. */
    rule: (actor: Actor, id: string): Promise<RoutingRule> => rule(actor.workspaceId, id),

    async createRule(actor: Actor, input: RoutingRuleInput): Promise<RoutingRule> {
      await checkReferences(actor, input.conditions, input.action);
      const id = newId();
      await repo.insertRule(db, actor.workspaceId, id, input);
      await audit(actor, 'routing.rule.create', id, { name: input.name });
      return rule(actor.workspaceId, id);
    },

    /** Changes `current` (as read by `rule`) by `patch`. */
    async updateRule(actor: Actor, current: RoutingRule, patch: Partial<RoutingRuleInput>): Promise<RoutingRule> {
      const next: RoutingRuleInput = { ...current, ...patch };
      await checkReferences(actor, next.conditions, next.action, current.action);
      await repo.updateRule(db, actor.workspaceId, current.id, next);
      await audit(actor, 'routing.rule.update', current.id, patch);
      return rule(actor.workspaceId, current.id);
    },

    async deleteRule(actor: Actor, id: string): Promise<void> {
      const gone = await repo.deleteRule(db, actor.workspaceId, id);
      if (!gone) throw notFound('No such routing rule');
      await audit(actor, 'routing.rule.delete', id, { name: gone.name });
    },

    /** Puts the rules in the order of `ids`, which must name every rule of the workspace once. */
    async reorderRules(actor: Actor, ids: string[]): Promise<RoutingRule[]> {
      const known = new Set((await repo.listRules(db, actor.workspaceId)).map((r) => r.id));
      if (ids.length !== known.size || new Set(ids).size !== ids.length || !ids.every((id) => known.has(id))) {
        throw new AppError('bad_request', 'ids: list every rule of the workspace exactly once, in the new order');
      }
      await repo.reorderRules(db, actor.workspaceId, ids);
      await audit(actor, 'routing.rule.reorder', actor.workspaceId, { ids });
      return repo.listRules(db, actor.workspaceId);
    },

    listTeams: (actor: Actor): Promise<RoutingTeam[]> => repo.listTeams(db, actor.workspaceId),

    async createTeam(actor: Actor, input: TeamInput): Promise<RoutingTeam> {
      await checkMembers(actor.workspaceId, input.memberIds);
      const team = { id: newId(), name: input.name, memberIds: [...new Set(input.memberIds)] };
      if (!(await repo.insertTeam(db, actor.workspaceId, team))) throw new AppError('conflict', `A team named "${input.name}" already exists`);
      await audit(actor, 'routing.team.create', team.id, { name: input.name });
      return team;
    },

    async updateTeam(actor: Actor, id: string, input: TeamInput): Promise<RoutingTeam> {
      await checkMembers(actor.workspaceId, input.memberIds);
      const team = { name: input.name, memberIds: [...new Set(input.memberIds)] };
      const outcome = await repo.updateTeam(db, actor.workspaceId, id, team);
      if (outcome === 'name-taken') throw new AppError('conflict', `A team named "${input.name}" already exists`);
      if (outcome === 'missing') throw notFound('No such team');
      await audit(actor, 'routing.team.update', id, input);
      return { id, ...team };
    },

    /** A team rules still hand messages to stays. */
    async deleteTeam(actor: Actor, id: string): Promise<void> {
      const usedBy = (await repo.listRules(db, actor.workspaceId)).filter((r) => r.action.assign.type === 'round-robin' && r.action.assign.teamId === id);
      if (usedBy.length > 0) throw new AppError('conflict', `Rules still hand messages to this team: ${usedBy.map((r) => `'${r.name}'`).join(', ')}`);
      if (!(await repo.deleteTeam(db, actor.workspaceId, id))) throw notFound('No such team');
      await audit(actor, 'routing.team.delete', id);
    },

    responseTargets: (actor: Actor): Promise<ResponseTargets> => loadResponseTargets(db, actor.workspaceId),

    async setResponseTargets(actor: Actor, targets: ResponseTargets): Promise<ResponseTargets> {
      await saveResponseTargets(db, actor.workspaceId, targets);
      await audit(actor, 'settings.response-targets', actor.workspaceId, targets);
      return targets;
    },
  };
}
export type RoutingService = ReturnType<typeof createRoutingService>;
