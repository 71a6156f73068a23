import type { PromiseSide } from '@casehub/case-document';
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../storage/db.js';
import { caseMembers, memberships } from '../../storage/schema.js';

/**
 * Which of `userIds` may own a promise on this case (issue 20.11): a member
 * of the case's workspace, or, for a promise the customer made, a guest on
 * this case's team. Whoever wrote the promise (over HTTP or straight into a
 * document over /sync), nobody else is named as its owner, counted in its
 * owner's kept-promise rate or told when it is missed.
 */
export async function eligibleOwners(db: Db, workspaceId: string, caseId: string, userIds: readonly string[], side: PromiseSide): Promise<Set<string>> {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return new Set();
  const [people, team] = await Promise.all([
    db
      .select({ userId: memberships.userId, role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.workspaceId, workspaceId), inArray(memberships.userId, ids))),
    db
      .select({ userId: caseMembers.userId })
      .from(caseMembers)
      .where(and(eq(caseMembers.caseId, caseId), inArray(caseMembers.userId, ids))),
  ]);
  const onCase = new Set(team.map((t) => t.userId));
  return new Set(people.filter((p) => p.role !== 'guest' || (side === 'customer' && onCase.has(p.userId))).map((p) => p.userId));
}
