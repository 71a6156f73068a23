import { and, asc, count, desc, eq, ilike, inArray, isNull, ne, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Db } from '../../storage/db.js';
import { accounts, caseContacts, cases, contactEmails, contacts, emails, savedFilters, users } from '../../storage/schema.js';
import { caseVisibleTo, type Viewer as VisibilityViewer } from '../access/visibility.js';

export type AccountRow = typeof accounts.$inferSelect;
export type ContactRow = typeof contacts.$inferSelect;

/** Who is reading, for the cases and emails they may see (members only reach this module). */
export type Viewer = VisibilityViewer & { userId: string };

const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);
const like = (s: string): string => `%${escapeLike(s)}%`;
/** jsonb string arrays (tags, domains) holding `value`. */
const holds = (column: SQLWrapper, value: string): SQL => sql`${column} @> ${JSON.stringify([value])}::jsonb`;

// ---- accounts ----

export async function findAccount(db: Db, workspaceId: string, id: string): Promise<AccountRow | null> {
  const [row] = await db
    .select()
    .from(accounts)
    .where(and(eq(accounts.workspaceId, workspaceId), eq(accounts.id, id)))
    .limit(1);
  return row ?? null;
}

/** A live (not merged) account with this name, compared case-insensitively, other than `exceptId`. */
export async function findAccountByName(db: Db, workspaceId: string, name: string, exceptId?: string): Promise<AccountRow | null> {
  const filters = [eq(accounts.workspaceId, workspaceId), isNull(accounts.mergedInto), sql`lower(${accounts.name}) = lower(${name})`];
  if (exceptId) filters.push(ne(accounts.id, exceptId));
  const [row] = await db
    .select()
    .from(accounts)
    .where(and(...filters))
    .limit(1);
  return row ?? null;
}

export async function listAccounts(db: Db, workspaceId: string, q: { q?: string | undefined; tag?: string | undefined; limit: number; offset: number }) {
  const filters: SQL[] = [eq(accounts.workspaceId, workspaceId), isNull(accounts.mergedInto)];
  if (q.q) {
    const either = or(ilike(accounts.name, like(q.q)), sql`${accounts.domains}::text ilike ${like(q.q)}`);
    if (either) filters.push(either);
  }
  if (q.tag) filters.push(holds(accounts.tags, q.tag));
  const where = and(...filters);
  const contactCount = sql<number>`(select count(*)::int from ${contacts} c where c.account_id = ${accounts.id} and c.merged_into is null)`;
  const [rows, [total]] = await Promise.all([
    db
      .select({ account: accounts, ownerName: users.name, contactCount })
      .from(accounts)
      .leftJoin(users, eq(users.id, accounts.ownerId))
      .where(where)
      .orderBy(asc(sql`lower(${accounts.name})`), asc(accounts.id))
      .limit(q.limit)
      .offset(q.offset),
    db.select({ n: count() }).from(accounts).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

export async function accountExtras(db: Db, account: AccountRow) {
  const [[owner], [n]] = await Promise.all([
    account.ownerId ? db.select({ name: users.name }).from(users).where(eq(users.id, account.ownerId)).limit(1) : Promise.resolve([]),
    db
      .select({ n: count() })
      .from(contacts)
      .where(and(eq(contacts.accountId, account.id), isNull(contacts.mergedInto))),
  ]);
  return { ownerName: owner?.name ?? null, contactCount: n?.n ?? 0 };
}

export async function insertAccount(db: Db, row: typeof accounts.$inferInsert): Promise<void> {
  await db.insert(accounts).values(row);
}

export async function updateAccount(db: Db, workspaceId: string, id: string, patch: Partial<typeof accounts.$inferInsert>): Promise<void> {
  await db
    .update(accounts)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(accounts.workspaceId, workspaceId), eq(accounts.id, id)));
}

export async function deleteAccount(db: Db, workspaceId: string, id: string): Promise<boolean> {
  const gone = await db
    .delete(accounts)
    .where(and(eq(accounts.workspaceId, workspaceId), eq(accounts.id, id)))
    .returning({ id: accounts.id });
  return gone.length > 0;
}

/** Ids of the workspace's cases whose account field is `name` (case-insensitively), visible or not. */
export async function caseIdsWithAccount(db: Db, workspaceId: string, name: string): Promise<string[]> {
  const rows = await db
    .select({ id: cases.id })
    .from(cases)
    .where(and(eq(cases.workspaceId, workspaceId), sql`lower(trim(${cases.account})) = lower(trim(${name}))`));
  return rows.map((r) => r.id);
}

export async function visibleCasesWithAccount(db: Db, viewer: Viewer, name: string) {
  return db
    .select({ id: cases.id, title: cases.title, kind: cases.kind, stage: cases.stage, private: cases.private, updatedAt: cases.updatedAt })
    .from(cases)
    .where(and(eq(cases.workspaceId, viewer.workspaceId), sql`lower(trim(${cases.account})) = lower(trim(${name}))`, caseVisibleTo(viewer)))
    .orderBy(desc(cases.updatedAt))
    .limit(500);
}

export async function moveContactsToAccount(db: Db, workspaceId: string, fromAccountId: string, toAccountId: string): Promise<void> {
  await db
    .update(contacts)
    .set({ accountId: toAccountId, updatedAt: new Date() })
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.accountId, fromAccountId)));
}

// ---- contacts ----

export async function findContact(db: Db, workspaceId: string, id: string): Promise<ContactRow | null> {
  const [row] = await db
    .select()
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, id)))
    .limit(1);
  return row ?? null;
}

export async function listContacts(
  db: Db,
  workspaceId: string,
  q: { q?: string | undefined; tag?: string | undefined; accountId?: string | undefined; limit: number; offset: number },
) {
  const filters: SQL[] = [eq(contacts.workspaceId, workspaceId), isNull(contacts.mergedInto)];
  if (q.q) {
    const pattern = like(q.q);
    const any = or(
      ilike(contacts.name, pattern),
      ilike(contacts.title, pattern),
      sql`exists (select 1 from ${contactEmails} e where e.contact_id = ${contacts.id} and e.address ilike ${pattern})`,
    );
    if (any) filters.push(any);
  }
  if (q.tag) filters.push(holds(contacts.tags, q.tag));
  if (q.accountId) filters.push(eq(contacts.accountId, q.accountId));
  const where = and(...filters);
  const [rows, [total]] = await Promise.all([
    db
      .select({ contact: contacts, accountName: accounts.name })
      .from(contacts)
      .leftJoin(accounts, eq(accounts.id, contacts.accountId))
      .where(where)
      .orderBy(asc(sql`lower(${contacts.name})`), asc(contacts.id))
      .limit(q.limit)
      .offset(q.offset),
    db.select({ n: count() }).from(contacts).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

export async function contactsOfAccount(db: Db, workspaceId: string, accountId: string) {
  return db
    .select({ contact: contacts, accountName: accounts.name })
    .from(contacts)
    .leftJoin(accounts, eq(accounts.id, contacts.accountId))
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.accountId, accountId), isNull(contacts.mergedInto)))
    .orderBy(asc(sql`lower(${contacts.name})`))
    .limit(500);
}

/** Each contact's addresses, primary first. */
export async function addressesOf(db: Db, contactIds: string[]): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>();
  if (contactIds.length === 0) return map;
  const rows = await db
    .select()
    .from(contactEmails)
    .where(inArray(contactEmails.contactId, contactIds))
    .orderBy(desc(contactEmails.primary), asc(contactEmails.address));
  for (const r of rows) map.set(r.contactId, [...(map.get(r.contactId) ?? []), r.address]);
  return map;
}

/** Who already holds any of these addresses, other than `contactId`. */
export async function addressOwners(db: Db, workspaceId: string, addresses: string[], contactId: string | null) {
  if (addresses.length === 0) return [];
  const filters = [eq(contactEmails.workspaceId, workspaceId), inArray(contactEmails.address, addresses)];
  if (contactId) filters.push(ne(contactEmails.contactId, contactId));
  return db
    .select({ address: contactEmails.address, contactId: contacts.id, name: contacts.name })
    .from(contactEmails)
    .innerJoin(contacts, eq(contacts.id, contactEmails.contactId))
    .where(and(...filters));
}

export async function replaceAddresses(db: Db, workspaceId: string, contactId: string, addresses: string[]): Promise<void> {
  await db.delete(contactEmails).where(and(eq(contactEmails.workspaceId, workspaceId), eq(contactEmails.contactId, contactId)));
  if (addresses.length === 0) return;
  await db.insert(contactEmails).values(addresses.map((address, i) => ({ workspaceId, address, contactId, primary: i === 0 })));
}

export async function insertContact(db: Db, row: typeof contacts.$inferInsert): Promise<void> {
  await db.insert(contacts).values(row);
}

export async function updateContact(db: Db, workspaceId: string, id: string, patch: Partial<typeof contacts.$inferInsert>): Promise<void> {
  await db
    .update(contacts)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, id)));
}

export async function deleteContact(db: Db, workspaceId: string, id: string): Promise<boolean> {
  const gone = await db
    .delete(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, id)))
    .returning({ id: contacts.id });
  return gone.length > 0;
}

/** The other contact's addresses become the survivor's (never its primary one). */
export async function moveAddresses(db: Db, workspaceId: string, fromId: string, toId: string): Promise<void> {
  await db
    .update(contactEmails)
    .set({ contactId: toId, primary: false })
    .where(and(eq(contactEmails.workspaceId, workspaceId), eq(contactEmails.contactId, fromId)));
}

/** The other contact's case roles move; on a case where both have one, the survivor's stays. */
export async function moveCaseRoles(db: Db, fromId: string, toId: string): Promise<void> {
  await db.execute(sql`
    insert into ${caseContacts} (case_id, contact_id, role, influence, created_at)
    select case_id, ${toId}, role, influence, created_at from ${caseContacts} where contact_id = ${fromId}
    on conflict (case_id, contact_id) do nothing`);
  await db.delete(caseContacts).where(eq(caseContacts.contactId, fromId));
}

/** Cases the contact is a stakeholder on, as far as the viewer may see them. */
export async function stakeholderCases(db: Db, viewer: Viewer, contactId: string) {
  return db
    .select({
      id: cases.id,
      title: cases.title,
      kind: cases.kind,
      stage: cases.stage,
      private: cases.private,
      updatedAt: cases.updatedAt,
      role: caseContacts.role,
      influence: caseContacts.influence,
    })
    .from(caseContacts)
    .innerJoin(cases, eq(cases.id, caseContacts.caseId))
    .where(and(eq(caseContacts.contactId, contactId), eq(cases.workspaceId, viewer.workspaceId), caseVisibleTo(viewer)))
    .orderBy(desc(cases.updatedAt))
    .limit(500);
}

/** Emails from or to (to, cc) any of `addresses` on cases the viewer may see, newest first. */
export async function emailsWithAddresses(db: Db, viewer: Viewer, addresses: string[], limit = 200) {
  if (addresses.length === 0) return [];
  const list = sql.join(
    addresses.map((a) => sql`${a}`),
    sql`, `,
  );
  const at = sql<Date>`coalesce(${emails.sentAt}, ${emails.createdAt})`;
  return db
    .select({
      id: emails.id,
      caseId: cases.id,
      caseTitle: cases.title,
      activityId: emails.activityId,
      threadId: emails.threadId,
      direction: emails.direction,
      subject: emails.subject,
      fromAddress: emails.fromAddress,
      fromName: emails.fromName,
      sentAt: emails.sentAt,
      createdAt: emails.createdAt,
    })
    .from(emails)
    .innerJoin(cases, eq(cases.id, emails.caseId))
    .where(
      and(
        eq(emails.workspaceId, viewer.workspaceId),
        eq(cases.workspaceId, viewer.workspaceId),
        caseVisibleTo(viewer),
        sql`(lower(${emails.fromAddress}) in (${list})
          or exists (select 1 from jsonb_array_elements(${emails.to} || ${emails.cc}) r where lower(r->>'address') in (${list})))`,
      ),
    )
    .orderBy(desc(at), desc(emails.id))
    .limit(limit);
}

// ---- stakeholders ----

export async function listStakeholders(db: Db, caseId: string) {
  return db
    .select({ contact: contacts, accountName: accounts.name, role: caseContacts.role, influence: caseContacts.influence })
    .from(caseContacts)
    .innerJoin(contacts, eq(contacts.id, caseContacts.contactId))
    .leftJoin(accounts, eq(accounts.id, contacts.accountId))
    .where(eq(caseContacts.caseId, caseId))
    .orderBy(desc(caseContacts.influence), asc(contacts.name));
}

export async function upsertStakeholder(db: Db, row: typeof caseContacts.$inferInsert): Promise<void> {
  await db
    .insert(caseContacts)
    .values(row)
    .onConflictDoUpdate({ target: [caseContacts.caseId, caseContacts.contactId], set: { role: row.role, influence: row.influence } });
}

export async function deleteStakeholder(db: Db, caseId: string, contactId: string): Promise<boolean> {
  const gone = await db
    .delete(caseContacts)
    .where(and(eq(caseContacts.caseId, caseId), eq(caseContacts.contactId, contactId)))
    .returning({ id: caseContacts.contactId });
  return gone.length > 0;
}

// ---- saved filters ----

export async function listSavedFilters(db: Db, viewer: Viewer, target: 'accounts' | 'contacts' | undefined) {
  const filters = [eq(savedFilters.workspaceId, viewer.workspaceId), eq(savedFilters.userId, viewer.userId)];
  if (target) filters.push(eq(savedFilters.target, target));
  return db
    .select()
    .from(savedFilters)
    .where(and(...filters))
    .orderBy(asc(savedFilters.createdAt), asc(savedFilters.id));
}

export async function insertSavedFilter(db: Db, row: typeof savedFilters.$inferInsert): Promise<void> {
  await db.insert(savedFilters).values(row);
}

export async function deleteSavedFilter(db: Db, viewer: Viewer, id: string): Promise<boolean> {
  const gone = await db
    .delete(savedFilters)
    .where(and(eq(savedFilters.workspaceId, viewer.workspaceId), eq(savedFilters.userId, viewer.userId), eq(savedFilters.id, id)))
    .returning({ id: savedFilters.id });
  return gone.length > 0;
}
