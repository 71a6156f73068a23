import {
  customFieldIdOfKey,
  defaultCaseColumns,
  isCaseSort,
  isCustomFieldKey,
  maxViewsPerPerson,
  viewColumns,
  viewFilters,
  type SavedView,
  type viewInput,
  type viewPatch,
} from '@casehub/contract';
import type { z } from 'zod';
import { AppError, notFound } from '../../errors.js';
import { newId } from '../../lib/ids.js';
import type { Db } from '../../storage/db.js';
import { canInWorkspace, type Actor } from '../access/policy.js';
import { listCustomFields } from '../custom-fields/repo.js';
import { canOnView } from './policy.js';
import * as repo from './repo.js';

export type SavedViewsService = ReturnType<typeof createSavedViewsService>;

const notThere = () => notFound('No such view');

/**
 * [A15] Saved views of cases (issue 17.4). Members only (a guest is told
 * they do not exist); a personal view is its creator's alone, a shared one
 * every member's to use (canOnView). A view somebody may not use answers
 * 404; a shared view they may use but not change answers 403.
 */
export function createSavedViewsService({ db }: { db: Db }) {
  const member = (actor: Actor): void => {
    if (!canInWorkspace(actor, 'savedViews.use')) throw notThere();
  };
  /** The view if the actor may change it: 404 when they may not even use it, 403 when they may use but not change it. */
  const changeable = async (actor: Actor, id: string): Promise<repo.SavedViewRow> => {
    member(actor);
    const row = await repo.findView(db, actor.workspaceId, id);
    if (!row || !canOnView(actor, 'view.use', row)) throw notThere();
    if (!canOnView(actor, 'view.change', row)) throw new AppError('forbidden', 'Only its creator, an owner or an admin may change a shared view');
    return row;
  };

  return {
    async list(actor: Actor): Promise<SavedView[]> {
      member(actor);
      return (await repo.listUsableViews(db, actor.workspaceId, actor.userId)).map((row) => present(actor, row));
    },

    async create(actor: Actor, input: z.output<typeof viewInput>): Promise<SavedView> {
      member(actor);
      // Counted before the insert: two racing saves may pass one over the limit, which only bounds growth.
      if ((await repo.countViewsBy(db, actor.workspaceId, actor.userId)) >= maxViewsPerPerson) {
        throw new AppError('conflict', `You have ${maxViewsPerPerson} saved views already; delete one first`);
      }
      await checkCustomFields(db, actor.workspaceId, input);
      const id = newId();
      await repo.insertView(db, {
        id,
        workspaceId: actor.workspaceId,
        createdBy: actor.userId,
        name: input.name,
        filters: compact(input.filters),
        sort: input.sort,
        sortOrder: input.order,
        columns: input.columns,
        layout: input.layout,
        shared: input.shared,
      });
      return present(actor, (await repo.findView(db, actor.workspaceId, id)) ?? failMissing());
    },

    async update(actor: Actor, id: string, change: z.output<typeof viewPatch>): Promise<SavedView> {
      await changeable(actor, id);
      await checkCustomFields(db, actor.workspaceId, change);
      const next: repo.SavedViewChange = {
        ...(change.name !== undefined && { name: change.name }),
        ...(change.filters !== undefined && { filters: compact(change.filters) }),
        ...(change.sort !== undefined && { sort: change.sort }),
        ...(change.order !== undefined && { sortOrder: change.order }),
        ...(change.columns !== undefined && { columns: change.columns }),
        ...(change.layout !== undefined && { layout: change.layout }),
        ...(change.shared !== undefined && { shared: change.shared }),
      };
      if (!(await repo.updateView(db, actor.workspaceId, id, next))) throw notThere();
      return present(actor, (await repo.findView(db, actor.workspaceId, id)) ?? failMissing());
    },

    async remove(actor: Actor, id: string): Promise<void> {
      await changeable(actor, id);
      if (!(await repo.deleteView(db, actor.workspaceId, id))) throw notThere();
    },
  };
}

function failMissing(): never {
  throw notThere();
}

/** Empty filters are not kept: a view of "all kinds" holds no `kind`, nor a custom filter looking for nothing. */
function compact(filters: z.output<typeof viewFilters>): repo.StoredFilters {
  const out: repo.StoredFilters = {};
  for (const [key, value] of Object.entries(filters)) if (typeof value === 'string' && value !== '') out[key] = value;
  const custom = Object.entries(filters.custom ?? {}).filter(([, v]) => v !== '');
  if (custom.length > 0) out.custom = Object.fromEntries(custom);
  return out;
}

/**
 * [A15.2] Custom fields named by a view (columns and sort as `cf:<id>`, filters
 * by id) must be fields of the workspace when it is saved. A field deleted
 * later leaves the view usable: the list skips its column, the page its sort.
 */
async function checkCustomFields(
  db: Db,
  workspaceId: string,
  view: { columns?: readonly string[] | undefined; sort?: string | undefined; filters?: z.output<typeof viewFilters> | undefined },
): Promise<void> {
  const named: Array<[string, string]> = [
    ...(view.columns ?? []).filter(isCustomFieldKey).map((c): [string, string] => ['columns', customFieldIdOfKey(c)]),
    ...(isCustomFieldKey(view.sort) ? [['sort', customFieldIdOfKey(view.sort)] as [string, string]] : []),
    ...Object.keys(view.filters?.custom ?? {}).map((id): [string, string] => ['filters.custom', id]),
  ];
  if (named.length === 0) return;
  const ids = new Set((await listCustomFields(db, workspaceId)).map((d) => d.id));
  const missing = named.find(([, id]) => !ids.has(id));
  if (missing) throw new AppError('validation_failed', `${missing[0]}: no such custom field: ${missing[1]}`);
}

/**
 * A row as the API shows it. Stored values are read as untrusted (a row may
 * come from an imported archive or an older version): what no longer parses
 * falls back to the defaults rather than breaking everyone's list.
 */
function present(actor: Actor, row: repo.SavedViewRow): SavedView {
  const filters = viewFilters.safeParse(row.filters);
  const columns = viewColumns.safeParse(row.columns);
  return {
    id: row.id,
    name: row.name,
    filters: filters.success ? filters.data : {},
    sort: isCaseSort(row.sort) ? row.sort : 'updatedAt',
    order: row.sortOrder === 'asc' ? 'asc' : 'desc',
    columns: columns.success ? columns.data : [...defaultCaseColumns],
    layout: row.layout === 'board' ? 'board' : 'list',
    shared: row.shared,
    createdBy: row.createdBy,
    createdByName: row.createdByName,
    canEdit: canOnView(actor, 'view.change', row),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
