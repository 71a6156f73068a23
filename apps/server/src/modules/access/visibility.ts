import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { caseMembers, cases } from '../../storage/schema.js';
import type { Asker } from './policy.js';

/**
 * [A14] The policy's "who may see a case" (`caseAccess` in policy.ts), as SQL,
 * for lists and counts that cannot ask the policy row by row. This is the only
 * copy: every query that filters cases by viewer uses these conditions, and
 * test/visibility.test.ts checks them against `can(actor, 'case.view' | 'doc.*.read', …)`
 * for every role, privacy, team access and workspace.
 */

/**
 * Who is asking. `userId` is usually a value; a query that asks on behalf of
 * someone stored in a row (a webhook's creator) passes that column instead.
 */
export type Viewer = Asker & { userId: string | SQLWrapper };

/** The columns visibility reads, of the cases table or an alias of it (`alias(cases, 'c')`). */
export type CaseColumns = { id: SQLWrapper; workspaceId: SQLWrapper; private: SQLWrapper };

/**
 * A case the viewer may see (`case.view`): in their workspace, and either on
 * its team, or a member (not a guest) looking at a non-private case.
 */
export function caseVisibleTo(viewer: Viewer, c: CaseColumns = cases): SQL {
  // A name of its own, so it never shadows an alias of the query it is put into.
  const onTeam = sql`exists (select 1 from ${caseMembers} visibility_cm where visibility_cm.case_id = ${c.id} and visibility_cm.user_id = ${viewer.userId})`;
  const inWorkspace = sql`${c.workspaceId} = ${viewer.workspaceId}`;
  if (viewer.role === 'guest') return sql`(${inWorkspace} and ${onTeam})`;
  return sql`(${inWorkspace} and (${c.private} = false or ${onTeam}))`;
}

/**
 * Rows of one side of a case (a `side` column holding 'team' or 'shared')
 * the viewer may read, given they see the case: members both, guests only the
 * shared side (`doc.team.read` / `doc.shared.read`).
 */
export function sideReadableBy(viewer: Pick<Asker, 'role'>, side: SQLWrapper): SQL {
  return viewer.role === 'guest' ? sql`${side} = 'shared'` : sql`true`;
}

/** Rows of a side of a case the viewer may read: the case is visible to them and so is that side. */
export function caseSideVisibleTo(viewer: Viewer, side: SQLWrapper, c: CaseColumns = cases): SQL {
  return sql`(${caseVisibleTo(viewer, c)} and ${sideReadableBy(viewer, side)})`;
}
