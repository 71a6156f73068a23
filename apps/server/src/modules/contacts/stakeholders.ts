import type { Stakeholder, stakeholderInput } from '@casehub/contract';
import type { z } from 'zod';
import { AppError, notFound } from '../../errors.js';
import type { Db } from '../../storage/db.js';
import type { Actor } from '../access/policy.js';
import type { CasesService } from '../cases/service.js';
import { assertMember, contactNotFound } from './present.js';
import * as repo from './repo.js';

export type StakeholdersService = ReturnType<typeof createStakeholdersService>;

/** The stakeholder map of a case: who, in what role, with what influence. */
export function createStakeholdersService({ db, cases }: { db: Db; cases: CasesService }) {
  async function list(caseId: string): Promise<Stakeholder[]> {
    const rows = await repo.listStakeholders(db, caseId);
    const addresses = await repo.addressesOf(
      db,
      rows.map((r) => r.contact.id),
    );
    return rows.map((r) => ({
      contactId: r.contact.id,
      name: r.contact.name,
      title: r.contact.title,
      emails: addresses.get(r.contact.id) ?? [],
      accountId: r.contact.accountId,
      accountName: r.accountName,
      role: r.role,
      influence: r.influence,
    }));
  }

  return {
    async list(actor: Actor, caseId: string): Promise<Stakeholder[]> {
      assertMember(actor);
      await cases.authorize(actor, caseId, 'case.view', 'You may not see this case');
      return list(caseId);
    },

    /** Adds the contact to the case, or changes their role and influence there (editors only). */
    async set(actor: Actor, caseId: string, contactId: string, input: z.output<typeof stakeholderInput>): Promise<Stakeholder> {
      assertMember(actor);
      await cases.authorize(actor, caseId, 'case.edit', 'Only editors of this case can change its stakeholders');
      const contact = await repo.findContact(db, actor.workspaceId, contactId);
      if (!contact) throw contactNotFound();
      if (contact.mergedInto) throw new AppError('conflict', 'That contact was merged into another one; add that one instead');
      await repo.upsertStakeholder(db, { caseId, contactId, role: input.role, influence: input.influence });
      const found = (await list(caseId)).find((s) => s.contactId === contactId);
      if (!found) throw contactNotFound();
      return found;
    },

    async remove(actor: Actor, caseId: string, contactId: string): Promise<void> {
      assertMember(actor);
      await cases.authorize(actor, caseId, 'case.edit', 'Only editors of this case can change its stakeholders');
      if (!(await repo.deleteStakeholder(db, caseId, contactId))) throw notFound('That contact is not a stakeholder on this case');
    },
  };
}
