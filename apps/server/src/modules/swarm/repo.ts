import { and, eq, inArray, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../storage/db.js';
import {
  activityIndex,
  caseContacts,
  caseMembers,
  cases,
  contactEmails,
  contacts,
  emails,
  expectationIndex,
  memberships,
  users,
} from '../../storage/schema.js';
import type { SwarmHistory } from './rank.js';

/** The flagged message a swarm is about: its sender, from the case's team stream. */
export async function findFlaggedMessage(db: Db, caseId: string, activityId: string): Promise<{ summary: string; sender: string; senderName: string } | null> {
  const [row] = await db
    .select({ summary: activityIndex.summary, sender: emails.fromAddress, senderName: emails.fromName })
    .from(activityIndex)
    .innerJoin(emails, eq(emails.id, activityIndex.emailId))
    .where(and(eq(activityIndex.caseId, caseId), eq(activityIndex.side, 'team'), eq(activityIndex.activityId, activityId), eq(activityIndex.kind, 'email')));
  return row ? { summary: row.summary, sender: row.sender.toLowerCase(), senderName: row.senderName } : null;
}

/** Members of the workspace (never guests) who could be asked, but those given. */
export async function candidates(db: Db, workspaceId: string, except: string[]): Promise<Array<{ userId: string; name: string }>> {
  return db
    .select({ userId: users.id, name: users.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.workspaceId, workspaceId),
        ne(memberships.role, 'guest'),
        except.length
          ? sql`${users.id} not in (${sql.join(
              except.map((id) => sql`${id}`),
              sql`, `,
            )})`
          : undefined,
      ),
    );
}

/** Each candidate's history: the counts rank.ts weighs. */
export async function histories(
  db: Db,
  o: { workspaceId: string; caseId: string; account: string; sender: string; people: Array<{ userId: string; name: string }> },
): Promise<SwarmHistory[]> {
  const ids = o.people.map((p) => p.userId);
  if (ids.length === 0) return [];
  /** Other cases of the workspace matching `where`, counted per person who owns them or is on their team. */
  const casesPerPerson = async (where: SQL | undefined): Promise<Map<string, number>> => {
    const rows = await db
      .select({ userId: sql<string>`p.user_id`, n: sql<number>`count(distinct p.case_id)::int` })
      .from(
        sql`(
          select ${cases.id} as case_id, ${cases.ownerId} as user_id from ${cases} where ${cases.ownerId} is not null and ${where}
          union
          select ${caseMembers.caseId}, ${caseMembers.userId} from ${caseMembers} join ${cases} on ${cases.id} = ${caseMembers.caseId} where ${where}
        ) p`,
      )
      .where(inArray(sql`p.user_id`, ids))
      .groupBy(sql`p.user_id`);
    return new Map(rows.map((r) => [r.userId, Number(r.n)]));
  };
  const others = and(eq(cases.workspaceId, o.workspaceId), ne(cases.id, o.caseId));
  const byAccount = o.account.trim()
    ? await casesPerPerson(and(others, sql`lower(${cases.account}) = ${o.account.trim().toLowerCase()}`))
    : new Map<string, number>();
  const senderContacts = db
    .select({ id: contactEmails.contactId })
    .from(contactEmails)
    .innerJoin(contacts, eq(contacts.id, contactEmails.contactId))
    .where(and(eq(contactEmails.workspaceId, o.workspaceId), eq(contactEmails.address, o.sender)));
  const byContact = await casesPerPerson(
    and(others, sql`${cases.id} in (select ${caseContacts.caseId} from ${caseContacts} where ${caseContacts.contactId} in (${senderContacts}))`),
  );
  const replies = await db
    .select({ userId: emails.createdBy, n: sql<number>`count(*)::int` })
    .from(emails)
    .where(
      and(
        eq(emails.workspaceId, o.workspaceId),
        inArray(emails.createdBy, ids),
        or(sql`${emails.to} @> ${JSON.stringify([{ address: o.sender }])}::jsonb`, sql`${emails.cc} @> ${JSON.stringify([{ address: o.sender }])}::jsonb`),
      ),
    )
    .groupBy(emails.createdBy);
  const repliesBy = new Map(replies.map((r) => [r.userId ?? '', Number(r.n)]));
  const promises = await db
    .select({ userId: expectationIndex.ownerId, status: expectationIndex.status, n: sql<number>`count(*)::int` })
    .from(expectationIndex)
    .where(
      and(
        eq(expectationIndex.workspaceId, o.workspaceId),
        eq(expectationIndex.side, 'team'),
        eq(expectationIndex.promiseSide, 'team'),
        inArray(expectationIndex.ownerId, ids),
        inArray(expectationIndex.status, ['met', 'missed']),
      ),
    )
    .groupBy(expectationIndex.ownerId, expectationIndex.status);
  return o.people.map((p) => ({
    ...p,
    accountCases: byAccount.get(p.userId) ?? 0,
    contactCases: byContact.get(p.userId) ?? 0,
    repliesToSender: repliesBy.get(p.userId) ?? 0,
    promises: {
      met: Number(promises.find((r) => r.userId === p.userId && r.status === 'met')?.n ?? 0),
      missed: Number(promises.find((r) => r.userId === p.userId && r.status === 'missed')?.n ?? 0),
    },
  }));
}
