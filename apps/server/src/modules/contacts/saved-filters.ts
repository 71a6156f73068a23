import type { SavedFilter, savedFilterInput } from '@casehub/contract';
import type { z } from 'zod';
import { notFound } from '../../errors.js';
import { newId } from '../../lib/ids.js';
import type { Db } from '../../storage/db.js';
import type { Actor } from '../access/policy.js';
import { assertMember } from './present.js';
import * as repo from './repo.js';

export type SavedFiltersService = ReturnType<typeof createSavedFiltersService>;

/** Each person's named filters over the accounts or contacts list (a segment: "EMEA champions"). */
export function createSavedFiltersService({ db }: { db: Db }) {
  return {
    async list(actor: Actor, target: 'accounts' | 'contacts' | undefined): Promise<SavedFilter[]> {
      assertMember(actor);
      const rows = await repo.listSavedFilters(db, actor, target);
      return rows.map(presentFilter);
    },

    async save(actor: Actor, input: z.output<typeof savedFilterInput>): Promise<SavedFilter> {
      assertMember(actor);
      const query: Record<string, string> = {};
      for (const [key, value] of Object.entries(input.query)) if (typeof value === 'string' && value !== '') query[key] = value;
      const row = {
        id: newId(),
        workspaceId: actor.workspaceId,
        userId: actor.userId,
        target: input.target,
        name: input.name,
        query,
        createdAt: new Date(),
      };
      await repo.insertSavedFilter(db, row);
      return presentFilter(row);
    },

    async remove(actor: Actor, id: string): Promise<void> {
      assertMember(actor);
      if (!(await repo.deleteSavedFilter(db, actor, id))) throw notFound('No such saved filter');
    },
  };
}

function presentFilter(row: { id: string; target: 'accounts' | 'contacts'; name: string; query: Record<string, string>; createdAt: Date }): SavedFilter {
  return { id: row.id, target: row.target, name: row.name, query: row.query, createdAt: row.createdAt.toISOString() };
}
