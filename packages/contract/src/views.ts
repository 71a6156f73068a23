import { z } from 'zod';
import { caseKinds } from '@casehub/case-document';
import { caseSort, isCustomFieldKey } from './cases.js';
import { customFilter } from './custom-fields.js';

/**
 * Saved views of cases (issue 17.4): a name over the case list's filters,
 * its sort, the columns shown and list or board. Personal (the creator's
 * only) or shared with the workspace; members only.
 */

/** The case list's built-in columns, in their usual order. Title is always shown first, wherever it is listed. */
export const caseColumns = ['title', 'kind', 'stage', 'priority', 'owner', 'value', 'closeDate', 'createdAt', 'updatedAt'] as const;
export type CaseColumn = (typeof caseColumns)[number];
/** What the list shows when nothing chose otherwise. */
export const defaultCaseColumns: readonly CaseColumn[] = ['title', 'kind', 'stage', 'owner', 'value', 'closeDate', 'updatedAt'];

/** A custom field's column is `cf:<field id>` (`CustomFieldKey`), so columns stay a list of strings whatever fields a workspace defines. */
export const isCaseColumn = (c: string): boolean => isBuiltInColumn(c) || isCustomFieldKey(c);
export const isBuiltInColumn = (c: string): c is CaseColumn => caseColumns.some((k) => k === c);

export const maxViewColumns = 40;
/** Most views one person may have made in a workspace (personal and shared together). */
export const maxViewsPerPerson = 100;
/** The filters, as JSON, may not exceed this many characters (each value is capped too: this bounds what later keys may add). */
export const maxViewFiltersChars = 4096;

export const viewLayouts = ['list', 'board'] as const;
export type ViewLayout = (typeof viewLayouts)[number];

const viewFilterShape = {
  q: z.string().trim().max(200),
  kind: z.enum(caseKinds),
  stage: z.string().trim().max(60),
  ownerId: z.string().max(64),
  /** [issue 17.3] Custom field filters, by field id, as `GET /api/cases?custom=` takes them (the cases page sets one). */
  custom: customFilter,
};

/** What a view filters by: the case list's own query parameters (`GET /api/cases`), each optional. */
export const viewFilters = z.object(viewFilterShape).partial();
export type ViewFilters = z.infer<typeof viewFilters>;

/** As a client sends them: unknown keys are refused, not dropped, and the whole stays small. */
const viewFiltersInput = viewFilters.strict().refine((f) => JSON.stringify(f).length <= maxViewFiltersChars, {
  message: `must be at most ${maxViewFiltersChars} characters as JSON`,
});

export const viewColumns = z
  .array(
    z
      .string()
      .max(70)
      .refine(isCaseColumn, { message: `must be one of ${caseColumns.join(', ')}, or cf:<custom field id>` }),
  )
  .min(1, 'must list at least one column')
  .max(maxViewColumns, `must list at most ${maxViewColumns} columns`)
  .refine((cols) => new Set(cols).size === cols.length, { message: 'must not list a column twice' });

export const viewSort = caseSort;
export const viewOrder = z.enum(['asc', 'desc']);

export const viewInput = z
  .object({
    name: z.string().trim().min(1, 'must not be empty').max(80),
    filters: viewFiltersInput.default({}),
    sort: viewSort.default('updatedAt'),
    order: viewOrder.default('desc'),
    columns: viewColumns.default([...defaultCaseColumns]),
    layout: z.enum(viewLayouts).default('list'),
    shared: z.boolean().default(false),
  })
  .strict();
export type ViewInput = z.input<typeof viewInput>;

/** Rename, update what it shows, or share/unshare: only the fields sent change. */
export const viewPatch = z
  .object({
    name: z.string().trim().min(1, 'must not be empty').max(80),
    filters: viewFiltersInput,
    sort: viewSort,
    order: viewOrder,
    columns: viewColumns,
    layout: z.enum(viewLayouts),
    shared: z.boolean(),
  })
  .partial()
  .strict();
export type ViewPatch = z.input<typeof viewPatch>;

export const savedView = z.object({
  id: z.string(),
  name: z.string(),
  filters: viewFilters,
  sort: viewSort,
  order: viewOrder,
  columns: z.array(z.string()),
  layout: z.enum(viewLayouts),
  shared: z.boolean(),
  createdBy: z.string().nullable(),
  createdByName: z.string().nullable(),
  /** Whether the asker may rename, change, share or delete it (its creator; for a shared view also owners and admins). */
  canEdit: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SavedView = z.infer<typeof savedView>;
export const savedViewList = z.object({ views: z.array(savedView) });
export type SavedViewList = z.infer<typeof savedViewList>;
