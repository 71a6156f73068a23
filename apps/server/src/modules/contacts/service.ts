import type { contactInput, contactPatch, ContactHistory, ContactListQuery, ContactListResponse, ContactSummary } from '@casehub/contract';
import type { z } from 'zod';
import { AppError } from '../../errors.js';
import { newId } from '../../lib/ids.js';
import type { Db } from '../../storage/db.js';
import type { Actor } from '../access/policy.js';
import * as authRepo from '../auth/repo.js';
import { isUniqueViolation } from '../../storage/unique.js';
import { assertMember, assertMergeable, contactNotFound, presentCaseRef, presentContact, unite } from './present.js';
import * as repo from './repo.js';

export type ContactsService = ReturnType<typeof createContactsService>;

export function createContactsService({ db }: { db: Db }) {
  async function load(actor: Actor, id: string): Promise<repo.ContactRow> {
    assertMember(actor);
    const row = await repo.findContact(db, actor.workspaceId, id);
    if (!row) throw contactNotFound();
    return row;
  }

  async function summary(actor: Actor, row: repo.ContactRow): Promise<ContactSummary> {
    const [account, addresses] = await Promise.all([
      row.accountId ? repo.findAccount(db, actor.workspaceId, row.accountId) : Promise.resolve(null),
      repo.addressesOf(db, [row.id]),
    ]);
    return presentContact(row, account?.name ?? null, addresses.get(row.id) ?? []);
  }

  async function assertAccount(actor: Actor, accountId: string | null | undefined): Promise<void> {
    if (!accountId) return;
    const account = await repo.findAccount(db, actor.workspaceId, accountId);
    if (!account) throw new AppError('validation_failed', 'accountId: no such account');
    if (account.mergedInto) throw new AppError('validation_failed', 'accountId: that account was merged into another one');
  }

  /** An address belongs to one contact per workspace: a taken one is a 409 that says whose it is. */
  async function assertAddressesFree(actor: Actor, addresses: string[], contactId: string | null): Promise<void> {
    const [taken] = await repo.addressOwners(db, actor.workspaceId, addresses, contactId);
    if (taken) throw addressTaken(taken.address, taken.name);
  }
  const addressTaken = (address: string, name?: string) =>
    new AppError('conflict', `${address} is already the address of ${name ? `another contact, ${name}` : 'another contact'}`, { address });

  /** Writes in a transaction; a lost race for an address still answers 409, not 500. */
  async function writeWithAddresses(addresses: string[], work: (tx: Db) => Promise<void>): Promise<void> {
    try {
      await db.transaction(work);
    } catch (err) {
      if (isUniqueViolation(err)) throw addressTaken(addresses.join(', '));
      throw err;
    }
  }

  return {
    load,

    async list(actor: Actor, q: ContactListQuery): Promise<ContactListResponse> {
      assertMember(actor);
      const { rows, total } = await repo.listContacts(db, actor.workspaceId, q);
      const addresses = await repo.addressesOf(
        db,
        rows.map((r) => r.contact.id),
      );
      return {
        contacts: rows.map((r) => presentContact(r.contact, r.accountName, addresses.get(r.contact.id) ?? [])),
        total,
        limit: q.limit,
        offset: q.offset,
      };
    },

    async create(actor: Actor, input: z.output<typeof contactInput>): Promise<ContactSummary> {
      assertMember(actor);
      await assertAccount(actor, input.accountId);
      await assertAddressesFree(actor, input.emails, null);
      const id = newId();
      await writeWithAddresses(input.emails, async (tx) => {
        await repo.insertContact(tx, {
          id,
          workspaceId: actor.workspaceId,
          accountId: input.accountId ?? null,
          name: input.name,
          title: input.title,
          phone: input.phone,
          tags: input.tags,
          notes: input.notes,
        });
        await repo.replaceAddresses(tx, actor.workspaceId, id, input.emails);
      });
      return summary(actor, await load(actor, id));
    },

    async get(actor: Actor, id: string): Promise<ContactSummary> {
      return summary(actor, await load(actor, id));
    },

    async patch(actor: Actor, id: string, patch: z.output<typeof contactPatch>): Promise<ContactSummary> {
      const row = await load(actor, id);
      if (row.mergedInto) throw new AppError('conflict', 'This contact was merged into another one; change that one instead');
      if (patch.accountId !== undefined) await assertAccount(actor, patch.accountId);
      const { emails, ...fields } = patch;
      if (emails) await assertAddressesFree(actor, emails, row.id);
      await writeWithAddresses(emails ?? [], async (tx) => {
        await repo.updateContact(tx, actor.workspaceId, row.id, fields);
        if (emails) await repo.replaceAddresses(tx, actor.workspaceId, row.id, emails);
      });
      return summary(actor, await load(actor, id));
    },

    async remove(actor: Actor, id: string): Promise<void> {
      await load(actor, id);
      // Its addresses and case roles go with it (foreign keys cascade).
      await repo.deleteContact(db, actor.workspaceId, id);
      await authRepo.insertAudit(db, { workspaceId: actor.workspaceId, actorId: actor.userId, action: 'contact.delete', subjectId: id });
    },

    /** `otherId` is merged into `id`: addresses, case roles (the survivor's win) and tags move; gaps are filled from it. */
    async merge(actor: Actor, id: string, otherId: string): Promise<ContactSummary> {
      const survivor = await load(actor, id);
      const other = await repo.findContact(db, actor.workspaceId, otherId);
      if (!other) throw new AppError('validation_failed', 'otherId: no such contact');
      assertMergeable(survivor, other, 'contact');
      await db.transaction(async (tx) => {
        await repo.moveAddresses(tx, actor.workspaceId, other.id, survivor.id);
        await repo.moveCaseRoles(tx, other.id, survivor.id);
        await repo.updateContact(tx, actor.workspaceId, survivor.id, {
          tags: unite(survivor.tags, other.tags),
          accountId: survivor.accountId ?? other.accountId,
          title: survivor.title || other.title,
          phone: survivor.phone || other.phone,
          notes: [survivor.notes, other.notes].filter((n) => n.trim()).join('\n\n'),
        });
        await repo.updateContact(tx, actor.workspaceId, other.id, { mergedInto: survivor.id });
        await authRepo.insertAudit(tx, {
          workspaceId: actor.workspaceId,
          actorId: actor.userId,
          action: 'contact.merge',
          subjectId: survivor.id,
          data: { otherId: other.id, otherName: other.name },
        });
      });
      return summary(actor, await load(actor, id));
    },

    /** The cases they are a stakeholder on and every email from or to them, both limited to what the actor may see. */
    async history(actor: Actor, id: string): Promise<ContactHistory> {
      const row = await load(actor, id);
      const contact = await summary(actor, row);
      const [caseRows, emailRows] = await Promise.all([repo.stakeholderCases(db, actor, row.id), repo.emailsWithAddresses(db, actor, contact.emails)]);
      return {
        contact,
        cases: caseRows.map((r) => ({ ...presentCaseRef(r), role: r.role, influence: r.influence })),
        emails: emailRows.map((e) => ({
          id: e.id,
          caseId: e.caseId,
          caseTitle: e.caseTitle,
          activityId: e.activityId,
          threadId: e.threadId,
          direction: e.direction,
          subject: e.subject,
          fromAddress: e.fromAddress,
          fromName: e.fromName,
          at: (e.sentAt ?? e.createdAt).toISOString(),
        })),
      };
    },
  };
}
