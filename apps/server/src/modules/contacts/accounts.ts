import type { accountInput, accountPatch, AccountDetail, AccountListQuery, AccountListResponse, AccountSummary } from '@casehub/contract';
import type { z } from 'zod';
import { AppError } from '../../errors.js';
import { newId } from '../../lib/ids.js';
import type { Db } from '../../storage/db.js';
import type { Actor } from '../access/policy.js';
import * as authRepo from '../auth/repo.js';
import type { CasesService } from '../cases/service.js';
import { accountNotFound, assertMember, assertMergeable, presentAccount, presentCaseRef, presentContact, unite } from './present.js';
import * as repo from './repo.js';

export type AccountsService = ReturnType<typeof createAccountsService>;

export function createAccountsService({ db, cases }: { db: Db; cases: CasesService }) {
  async function load(actor: Actor, id: string): Promise<repo.AccountRow> {
    assertMember(actor);
    const row = await repo.findAccount(db, actor.workspaceId, id);
    if (!row) throw accountNotFound();
    return row;
  }

  async function summary(row: repo.AccountRow): Promise<AccountSummary> {
    return presentAccount(row, await repo.accountExtras(db, row));
  }

  async function assertFreeName(actor: Actor, name: string, exceptId?: string): Promise<void> {
    const taken = await repo.findAccountByName(db, actor.workspaceId, name, exceptId);
    if (taken) throw new AppError('conflict', `An account named "${taken.name}" already exists`);
  }

  async function assertOwner(actor: Actor, ownerId: string | null | undefined): Promise<void> {
    if (!ownerId) return;
    const m = await authRepo.findMembership(db, actor.workspaceId, ownerId);
    if (!m || m.role === 'guest') throw new AppError('validation_failed', 'ownerId: must be a member of this workspace');
  }

  /** Cases name their account by its name: a renamed or merged account renames them, through their documents. */
  async function renameOnCases(workspaceId: string, from: string, to: string): Promise<number> {
    if (from === to) return 0;
    const ids = await repo.caseIdsWithAccount(db, workspaceId, from);
    for (const caseId of ids) await cases.applyFields(caseId, { account: to });
    return ids.length;
  }

  return {
    async list(actor: Actor, q: AccountListQuery): Promise<AccountListResponse> {
      assertMember(actor);
      const { rows, total } = await repo.listAccounts(db, actor.workspaceId, q);
      return {
        accounts: rows.map((r) => presentAccount(r.account, { ownerName: r.ownerName, contactCount: r.contactCount })),
        total,
        limit: q.limit,
        offset: q.offset,
      };
    },

    async create(actor: Actor, input: z.output<typeof accountInput>): Promise<AccountSummary> {
      assertMember(actor);
      await assertFreeName(actor, input.name);
      await assertOwner(actor, input.ownerId);
      const id = newId();
      await repo.insertAccount(db, {
        id,
        workspaceId: actor.workspaceId,
        name: input.name,
        domains: input.domains,
        ownerId: input.ownerId ?? null,
        tags: input.tags,
        notes: input.notes,
      });
      return summary(await load(actor, id));
    },

    async get(actor: Actor, id: string): Promise<AccountDetail> {
      const row = await load(actor, id);
      const [base, contactRows, caseRows] = await Promise.all([
        summary(row),
        repo.contactsOfAccount(db, actor.workspaceId, row.id),
        repo.visibleCasesWithAccount(db, actor, row.name),
      ]);
      const addresses = await repo.addressesOf(
        db,
        contactRows.map((r) => r.contact.id),
      );
      return {
        ...base,
        contacts: contactRows.map((r) => presentContact(r.contact, r.accountName, addresses.get(r.contact.id) ?? [])),
        // A merged account keeps no cases: they were renamed to the survivor.
        cases: row.mergedInto ? [] : caseRows.map(presentCaseRef),
      };
    },

    async patch(actor: Actor, id: string, patch: z.output<typeof accountPatch>): Promise<AccountSummary> {
      const row = await load(actor, id);
      if (row.mergedInto) throw new AppError('conflict', 'This account was merged into another one; change that one instead');
      if (patch.name !== undefined) await assertFreeName(actor, patch.name, row.id);
      if (patch.ownerId !== undefined) await assertOwner(actor, patch.ownerId);
      await repo.updateAccount(db, actor.workspaceId, row.id, patch);
      if (patch.name !== undefined && patch.name !== row.name) await renameOnCases(actor.workspaceId, row.name, patch.name);
      return summary(await load(actor, id));
    },

    async remove(actor: Actor, id: string): Promise<void> {
      await load(actor, id);
      // Contacts stay, without an account (the foreign key sets it null); cases keep the name as text.
      await repo.deleteAccount(db, actor.workspaceId, id);
      await authRepo.insertAudit(db, { workspaceId: actor.workspaceId, actorId: actor.userId, action: 'account.delete', subjectId: id });
    },

    /** `otherId` is merged into `id`: its contacts, domains, tags and cases go to `id`, and it leaves the lists. */
    async merge(actor: Actor, id: string, otherId: string): Promise<AccountDetail> {
      const survivor = await load(actor, id);
      const other = await repo.findAccount(db, actor.workspaceId, otherId);
      if (!other) throw new AppError('validation_failed', 'otherId: no such account');
      assertMergeable(survivor, other, 'account');
      await db.transaction(async (tx) => {
        await repo.moveContactsToAccount(tx, actor.workspaceId, other.id, survivor.id);
        await repo.updateAccount(tx, actor.workspaceId, survivor.id, {
          domains: unite(survivor.domains, other.domains),
          tags: unite(survivor.tags, other.tags),
          ownerId: survivor.ownerId ?? other.ownerId,
          notes: [survivor.notes, other.notes].filter((n) => n.trim()).join('\n\n'),
        });
        await repo.updateAccount(tx, actor.workspaceId, other.id, { mergedInto: survivor.id });
        await authRepo.insertAudit(tx, {
          workspaceId: actor.workspaceId,
          actorId: actor.userId,
          action: 'account.merge',
          subjectId: survivor.id,
          data: { otherId: other.id, otherName: other.name },
        });
      });
      // After the commit: each case's document is changed (and projected) through the case service.
      await renameOnCases(actor.workspaceId, other.name, survivor.name);
      return this.get(actor, survivor.id);
    },
  };
}
