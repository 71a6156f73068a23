import { caseKinds } from '@casehub/case-document';
import { caseSortKeys, type CaseListQuery } from '@casehub/contract';

export const pageSize = 25;

export type SortKey = (typeof caseSortKeys)[number];
export type SortOrder = 'asc' | 'desc';

export interface ListParams {
  q: string;
  kind: CaseListQuery['kind'];
  stage: string;
  ownerId: string;
  /** [issue 17.3] One custom field filter: the field's id and the value looked for. */
  cfField: string;
  cfValue: string;
  /** Custom fields shown as list columns, by id. */
  columns: string[];
  sort: SortKey;
  order: SortOrder;
  offset: number;
}

const isKind = (v: string | null): v is (typeof caseKinds)[number] => caseKinds.some((k) => k === v);
const isSort = (v: string | null): v is SortKey => caseSortKeys.some((k) => k === v);

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
    columns: (search.get('cols') ?? '').split(',').filter((c) => c !== ''),
    sort: isSort(sort) ? sort : 'updatedAt',
    order: search.get('order') === 'asc' ? 'asc' : 'desc',
    offset: Number.isInteger(offset) && offset > 0 ? offset : 0,
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
  if (params.columns.length > 0) out.set('cols', params.columns.join(','));
  if (params.sort !== 'updatedAt') out.set('sort', params.sort);
  if (params.order !== 'desc') out.set('order', params.order);
  if (params.offset > 0) out.set('offset', String(params.offset));
  return out;
}

export function toQuery(params: ListParams): Partial<CaseListQuery> {
  return {
    q: params.q.trim() || undefined,
    kind: params.kind,
    stage: params.stage || undefined,
    ownerId: params.ownerId || undefined,
    custom: params.cfField && params.cfValue ? JSON.stringify({ [params.cfField]: params.cfValue }) : undefined,
    sort: params.sort,
    order: params.order,
    limit: pageSize,
    offset: params.offset,
  };
}

/** Text-like columns read naturally A→Z first; numbers and dates newest/largest first. */
export function defaultOrder(sort: SortKey): SortOrder {
  return sort === 'title' || sort === 'stage' || sort === 'closeDate' ? 'asc' : 'desc';
}

export const hasFilters = (p: ListParams): boolean => Boolean(p.q || p.kind || p.stage || p.ownerId || (p.cfField && p.cfValue));
