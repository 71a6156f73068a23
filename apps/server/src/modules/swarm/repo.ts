import { and, desc, eq, inArray, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
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
import { scoreMessage } from '../signals/score.js';
import type { SwarmHistory } from './rank.js';

/** The flagged message a swarm is about: its sender and the signals that flagged it, from the case's team stream. */
export async function findFlaggedMessage(
  db: Db,
  caseId: string,
  activityId: string,
): Promise<{ emailId: string; summary: string; sender: string; senderName: string; signals: string[] } | null> {
  const [row] = await db
    .select({
      emailId: emails.id,
      summary: activityIndex.summary,
      sender: emails.fromAddress,
      senderName: emails.fromName,
      subject: emails.subject,
      text: sql<string>`coalesce(${emails.ownText}, ${emails.textBody})`,
    })
    .from(activityIndex)
    .innerJoin(emails, eq(emails.id, activityIndex.emailId))
    .where(and(eq(activityIndex.caseId, caseId), eq(activityIndex.side, 'team'), eq(activityIndex.activityId, activityId), eq(activityIndex.kind, 'email')));
  if (!row) return null;
  const { signals } = scoreMessage({ subject: row.subject, text: row.text });
  return { emailId: row.emailId, summary: row.summary, sender: row.sender.toLowerCase(), senderName: row.senderName, signals };
}

/** How many recent inbound messages of the workspace are scored again to find those with the same signals. */
const recentInboundScored = 300;

/**
 * Per person: inbound messages elsewhere in the workspace that were flagged with a signal `signals` has
 * and that the person answered (an outbound message of theirs later in the same thread), with the signals
 * shared. The messages are scored again as they were on arrival (signals/score.ts is pure): the score is
 * not stored.
 */
async function answeredWithSameSignals(
  db: Db,
  o: { workspaceId: string; emailId: string; signals: string[]; ids: string[] },
): Promise<Map<string, { answered: number; signals: string[] }>> {
  const out = new Map<string, { answered: number; signals: string[] }>();
  if (o.signals.length === 0) return out;
  const wanted = new Set(o.signals);
  const recent = await db
    .select({
      id: emails.id,
      threadId: emails.threadId,
      subject: emails.subject,
      text: sql<string>`coalesce(${emails.ownText}, ${emails.textBody})`,
      at: emails.createdAt,
    })
    .from(emails)
    .where(and(eq(emails.workspaceId, o.workspaceId), eq(emails.direction, 'inbound'), isNull(emails.automatic), ne(emails.id, o.emailId)))
    .orderBy(desc(emails.createdAt))
    .limit(recentInboundScored);
  const alike = recent.flatMap((m) => {
    const score = scoreMessage({ subject: m.subject, text: m.text });
    const shared = score.flagged ? score.signals.filter((sig) => wanted.has(sig)) : [];
    return shared.length > 0 ? [{ ...m, shared }] : [];
  });
  if (alike.length === 0) return out;
  const replies = await db
    .select({ userId: emails.createdBy, threadId: emails.threadId, at: emails.createdAt })
    .from(emails)
    .where(
      and(
        eq(emails.workspaceId, o.workspaceId),
        eq(emails.direction, 'outbound'),
        inArray(emails.createdBy, o.ids),
        inArray(
          emails.threadId,
          alike.map((m) => m.threadId),
        ),
      ),
    );
  for (const m of alike) {
    const by = new Set(replies.filter((r) => r.threadId === m.threadId && r.at >= m.at && r.userId).map((r) => r.userId ?? ''));
    for (const userId of by) {
      const seen = out.get(userId) ?? { answered: 0, signals: [] };
      seen.answered += 1;
      seen.signals = [...new Set([...seen.signals, ...m.shared])];
      out.set(userId, seen);
    }
  }
  return out;
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
  o: {
    workspaceId: string;
    caseId: string;
    account: string;
    sender: string;
    message: { emailId: string; signals: string[] };
    people: Array<{ userId: string; name: string }>;
  },
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
  const alike = await answeredWithSameSignals(db, { workspaceId: o.workspaceId, ...o.message, ids });
  return o.people.map((p) => ({
    ...p,
    sameSignals: alike.get(p.userId) ?? { answered: 0, signals: [] },
    accountCases: byAccount.get(p.userId) ?? 0,
    contactCases: byContact.get(p.userId) ?? 0,
    repliesToSender: repliesBy.get(p.userId) ?? 0,
    promises: {
      met: Number(promises.find((r) => r.userId === p.userId && r.status === 'met')?.n ?? 0),
      missed: Number(promises.find((r) => r.userId === p.userId && r.status === 'missed')?.n ?? 0),
    },
  }));
}
