import { and, eq, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../../storage/db.js';
import { accounts, contactEmails, contacts } from '../../storage/schema.js';

/** Who a sender is, for routing: the contact, their account and its owner, and every tag that applies. */
export type AddressMatch = {
  /** Null when no contact has the address and only the account matched, by the address's domain. */
  contactId: string | null;
  name: string | null;
  accountId: string | null;
  accountName: string | null;
  accountOwnerId: string | null;
  /** The contact's tags and the account's, once each. */
  tags: string[];
};

const union = (...lists: string[][]): string[] => [...new Set(lists.flat())];

/** `a.b.acme.com` → [`a.b.acme.com`, `b.acme.com`, `acme.com`]: most specific first, never a bare TLD. */
export function parentDomains(domain: string): string[] {
  const labels = domain.split('.').filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i <= labels.length - 2; i++) out.push(labels.slice(i).join('.'));
  return out;
}

/**
 * The contact holding `address` in the workspace; else the (live) account
 * whose `domains` include the address's domain (or a parent of it), with
 * contactId null; else null.
 * Addresses are compared lower case, as they are stored.
 */
export async function findContactByAddress(db: Db, workspaceId: string, address: string): Promise<AddressMatch | null> {
  const normalized = address.trim().toLowerCase();
  if (!normalized) return null;
  const [hit] = await db
    .select({ contact: contacts, account: accounts })
    .from(contactEmails)
    .innerJoin(contacts, eq(contacts.id, contactEmails.contactId))
    .leftJoin(accounts, and(eq(accounts.id, contacts.accountId), isNull(accounts.mergedInto)))
    .where(and(eq(contactEmails.workspaceId, workspaceId), eq(contactEmails.address, normalized), isNull(contacts.mergedInto)))
    .limit(1);
  if (hit) {
    return {
      contactId: hit.contact.id,
      name: hit.contact.name,
      accountId: hit.account?.id ?? null,
      accountName: hit.account?.name ?? null,
      accountOwnerId: hit.account?.ownerId ?? null,
      tags: union(hit.contact.tags, hit.account?.tags ?? []),
    };
  }
  const at = normalized.lastIndexOf('@');
  const domain = at >= 0 ? normalized.slice(at + 1) : '';
  if (!domain) return null;
  // mail.eu.acme.com matches an account listing acme.com; the most specific listed domain wins.
  const candidates = parentDomains(domain);
  if (candidates.length === 0) return null;
  const rows = await db
    .select()
    .from(accounts)
    .where(
      and(
        eq(accounts.workspaceId, workspaceId),
        isNull(accounts.mergedInto),
        or(...candidates.map((d) => sql`${accounts.domains} @> ${JSON.stringify([d])}::jsonb`)),
      ),
    )
    .orderBy(accounts.createdAt)
    .limit(50);
  const account = candidates.map((d) => rows.find((r) => r.domains.includes(d))).find((r) => r !== undefined);
  if (!account) return null;
  return {
    contactId: null,
    name: null,
    accountId: account.id,
    accountName: account.name,
    accountOwnerId: account.ownerId,
    tags: union(account.tags),
  };
}
