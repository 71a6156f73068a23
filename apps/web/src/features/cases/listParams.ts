import { caseKinds } from '@casehub/case-document';
import {
  defaultCaseColumns,
  isCaseColumn,
  isCaseSort,
  maxViewColumns,
  type CaseListQuery,
  type CaseSort,
  type CustomFieldDefinition,
  type CustomFilter,
  type ViewLayout,
} from '@casehub/contract';

export const pageSize = 25;

/** A built-in sort key or a custom field's `cf:<id>`. */
export type SortKey = CaseSort;
export type SortOrder = 'asc' | 'desc';

/**
 * The case list's state, all of it in the URL (so a link or a reload keeps
 * it): filters, sort, the columns shown and the saved view open now. A saved
 * view (issue 17.4) holds the same things, plus List or Board.
 */
export interface ListParams {
  q: string;
  kind: CaseListQuery['kind'];
  stage: string;
  ownerId: string;
  /** [issue 17.3] One custom field filter: the field's id and the value looked for (`cf=`, `cfv=`). */
  cfField: string;
  cfValue: string;
  /**
   * The columns shown, in order (`cols=title,stage,cf:<id>`): built-in names
   * and custom fields as `cf:<field id>`. The default columns when absent.
   */
  columns: string[];
  sort: SortKey;
  order: SortOrder;
  offset: number;
  /** The saved view open now (`view=<id>`), if any: the list may have been changed since. */
  view: string;
}

const isKind = (v: string | null): v is (typeof caseKinds)[number] => caseKinds.some((k) => k === v);
const bareFieldId = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * `cols=` → the column names, without repeats or junk; the default columns
 * when none is usable. A list of bare ids only is the custom fields' older
 * form (`cols=<id>,<id>`: the default columns plus those fields).
 */
function readColumns(raw: string | null): string[] {
  if (raw === null) return [...defaultCaseColumns];
  const parts = raw.split(',').filter((c) => c !== '');
  const legacy = parts.length > 0 && parts.every((c) => !isCaseColumn(c) && bareFieldId.test(c));
  const names = legacy ? [...defaultCaseColumns, ...parts.map((id) => `cf:${id}`)] : parts.filter(isCaseColumn);
  const unique = [...new Set(names)].slice(0, maxViewColumns);
  return unique.length > 0 ? unique : [...defaultCaseColumns];
}

export const sameColumns = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((c, i) => c === b[i]);

/** The URL is the source of truth for the list view, so links and reloads keep filters. */
export function readListParams(search: URLSearchParams): ListParams {
  const kind = search.get('kind');
  const sort = search.get('sort');
  const offset = Number(search.get('offset') ?? 0);
  return {
    q: search.get('q') ?? '',
    kind: isKind(kind) ? kind : undefined,
    stage: search.get('stage') ?? '',
    ownerId: search.get('ownerId') ?? '',
    cfField: search.get('cf') ?? '',
    cfValue: search.get('cfv') ?? '',
    columns: readColumns(search.get('cols')),
    sort: isCaseSort(sort) ? sort : 'updatedAt',
    order: search.get('order') === 'asc' ? 'asc' : 'desc',
    offset: Number.isInteger(offset) && offset > 0 ? offset : 0,
    view: search.get('view') ?? '',
  };
}

export function writeListParams(params: ListParams): URLSearchParams {
  const out = new URLSearchParams();
  if (params.q) out.set('q', params.q);
  if (params.kind) out.set('kind', params.kind);
  if (params.stage) out.set('stage', params.stage);
  if (params.ownerId) out.set('ownerId', params.ownerId);
  if (params.cfField) out.set('cf', params.cfField);
  if (params.cfField && params.cfValue) out.set('cfv', params.cfValue);
  if (!sameColumns(params.columns, defaultCaseColumns)) out.set('cols', params.columns.join(','));
  if (params.sort !== 'updatedAt') out.set('sort', params.sort);
  if (params.order !== 'desc') out.set('order', params.order);
  if (params.offset > 0) out.set('offset', String(params.offset));
  if (params.view) out.set('view', params.view);
  return out;
}

/**
 * The list's query. `fields` are the custom fields known to the page: a sort
 * on a field that is gone (a saved view outliving it) falls back to the
 * default rather than asking for what the server refuses.
 */
export function toQuery(params: ListParams, fields?: readonly CustomFieldDefinition[]): Partial<CaseListQuery> {
  const sortGone = params.sort.startsWith('cf:') && fields !== undefined && !fields.some((f) => `cf:${f.id}` === params.sort);
  return {
    q: params.q.trim() || undefined,
    kind: params.kind,
    stage: params.stage || undefined,
    ownerId: params.ownerId || undefined,
    custom: params.cfField && params.cfValue ? JSON.stringify({ [params.cfField]: params.cfValue }) : undefined,
    sort: sortGone ? 'updatedAt' : params.sort,
    order: sortGone ? 'desc' : params.order,
    limit: pageSize,
    offset: params.offset,
  };
}

/** Text-like columns read naturally A→Z first; numbers and dates newest/largest first (a custom date: soonest first, as Close date). */
export function defaultOrder(sort: SortKey, field?: Pick<CustomFieldDefinition, 'type'>): SortOrder {
  if (field) return field.type === 'number' || field.type === 'money' || field.type === 'checkbox' ? 'desc' : 'asc';
  return sort === 'title' || sort === 'stage' || sort === 'closeDate' ? 'asc' : 'desc';
}

export const hasFilters = (p: ListParams): boolean => Boolean(p.q || p.kind || p.stage || p.ownerId || (p.cfField && p.cfValue));

/** What a saved view holds of the list, from the URL and the List/Board choice: compared with a view to tell whether it changed. */
export type ViewState = {
  filters: { q?: string; kind?: CaseListQuery['kind']; stage?: string; ownerId?: string; custom?: CustomFilter };
  sort: SortKey;
  order: SortOrder;
  columns: string[];
  layout: ViewLayout;
};

export function viewStateOf(params: ListParams, layout: ViewLayout): ViewState {
  const q = params.q.trim();
  return {
    filters: {
      ...(q && { q }),
      ...(params.kind && { kind: params.kind }),
      ...(params.stage && { stage: params.stage }),
      ...(params.ownerId && { ownerId: params.ownerId }),
      ...(params.cfField && params.cfValue && { custom: { [params.cfField]: params.cfValue } }),
    },
    sort: params.sort,
    order: params.order,
    columns: params.columns,
    layout,
  };
}

/**
 * The list's parameters that open a view (first page). The page filters by
 * one custom field; a view saved over the API with several opens with the
 * first (its own bar then says the list differs).
 */
export function paramsOfView(view: ViewState & { id: string }): ListParams {
  const [custom] = Object.entries(view.filters.custom ?? {});
  return {
    q: view.filters.q ?? '',
    kind: view.filters.kind,
    stage: view.filters.stage ?? '',
    ownerId: view.filters.ownerId ?? '',
    cfField: custom ? custom[0] : '',
    cfValue: custom ? String(custom[1]) : '',
    sort: view.sort,
    order: view.order,
    offset: 0,
    columns: view.columns.length > 0 ? view.columns : [...defaultCaseColumns],
    view: view.id,
  };
}

const customText = (c: CustomFilter | undefined): string =>
  Object.entries(c ?? {})
    .map(([k, v]) => `${k}=${String(v)}`)
    .sort()
    .join('\u0000');

/** Whether the list as it is now differs from what the view holds. */
export function viewChanged(view: ViewState, now: ViewState): boolean {
  const f = (s: ViewState['filters']) => [s.q ?? '', s.kind ?? '', s.stage ?? '', s.ownerId ?? '', customText(s.custom)].join('\u0001');
  return (
    f(view.filters) !== f(now.filters) ||
    view.sort !== now.sort ||
    view.order !== now.order ||
    view.layout !== now.layout ||
    !sameColumns(view.columns, now.columns)
  );
}
