import { listCustomFields } from '../custom-fields/repo.js';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../storage/db.js';
import { accounts, contactEmails, contacts, memberships, users } from '../../storage/schema.js';
import type { Lookups } from './plan.js';

/** Everything an import matches rows against, in four queries (a 50,000-row file asks nothing per row). */
export async function lookups(db: Db, workspaceId: string): Promise<Lookups> {
  const [addresses, accountRows, members, customFields] = await Promise.all([
    db
      .select({ address: contactEmails.address, contactId: contactEmails.contactId })
      .from(contactEmails)
      .innerJoin(contacts, eq(contacts.id, contactEmails.contactId))
      .where(and(eq(contactEmails.workspaceId, workspaceId), isNull(contacts.mergedInto))),
    db
      .select({ id: accounts.id, name: accounts.name, domains: accounts.domains })
      .from(accounts)
      .where(and(eq(accounts.workspaceId, workspaceId), isNull(accounts.mergedInto))),
    db
      .select({ id: users.id, email: users.email })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.workspaceId, workspaceId), sql`${memberships.role} <> 'guest'`)),
    listCustomFields(db, workspaceId),
  ]);
  return {
    customFields,
    contactByEmail: new Map(addresses.map((a) => [a.address.toLowerCase(), a.contactId])),
    accountByDomain: new Map(accountRows.flatMap((a) => a.domains.map((d) => [d.toLowerCase(), a.id] as const))),
    accountByName: new Map(accountRows.map((a) => [a.name.toLowerCase(), a.id])),
    memberByEmail: new Map(members.map((m) => [m.email.toLowerCase(), m.id])),
  };
}

/** Every live contact of a workspace with its addresses (primary first) and account, for the CSV export. */
export async function allContacts(db: Db, workspaceId: string) {
  const rows = await db
    .select({ contact: contacts, accountName: accounts.name })
    .from(contacts)
    .leftJoin(accounts, eq(accounts.id, contacts.accountId))
    .where(and(eq(contacts.workspaceId, workspaceId), isNull(contacts.mergedInto)))
    .orderBy(asc(sql`lower(${contacts.name})`), asc(contacts.id));
  const addresses = await db
    .select({ contactId: contactEmails.contactId, address: contactEmails.address, primary: contactEmails.primary })
    .from(contactEmails)
    .where(eq(contactEmails.workspaceId, workspaceId))
    .orderBy(sql`${contactEmails.primary} desc`, asc(contactEmails.address));
  const byContact = new Map<string, string[]>();
  for (const a of addresses) byContact.set(a.contactId, [...(byContact.get(a.contactId) ?? []), a.address]);
  return rows.map((r) => ({ ...r, emails: byContact.get(r.contact.id) ?? [] }));
}

/** Every live account of a workspace with its owner's name, for the CSV export. */
export async function allAccounts(db: Db, workspaceId: string) {
  return db
    .select({ account: accounts, ownerName: users.name })
    .from(accounts)
    .leftJoin(users, eq(users.id, accounts.ownerId))
    .where(and(eq(accounts.workspaceId, workspaceId), isNull(accounts.mergedInto)))
    .orderBy(asc(sql`lower(${accounts.name})`), asc(accounts.id));
}
