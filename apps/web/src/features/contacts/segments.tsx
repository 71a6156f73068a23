import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Async } from '../../components/Async';
import { FormError } from '../../components/FormError';
import { Pager } from '../../components/Pager';
import { useApi } from '../../lib/useApi';
import { useDebouncedValue } from '../../lib/useDebouncedValue';
import { useLatest } from '../../lib/useLatest';
import { useSubmit } from '../../lib/useSubmit';
import { contactsApi, type SegmentQuery, type SegmentTarget } from './contactsApi';
import { useTranslation } from 'react-i18next';

export const pageSize = 25;

/**
 * The list's filter lives in the URL (links and reloads keep it): `q`, `tag`,
 * `accountId` and `offset`. The search box writes `q` after a pause.
 */
export function useSegmentParams() {
  const [params, setParams] = useSearchParams();
  const read = (p: URLSearchParams) => {
    const offset = Number(p.get('offset') ?? 0);
    return {
      q: p.get('q') ?? '',
      tag: p.get('tag') ?? '',
      accountId: p.get('accountId') ?? '',
      offset: Number.isInteger(offset) && offset > 0 ? offset : 0,
    };
  };
  const current = read(params);
  const [search, setSearch] = useState(current.q);
  const debounced = useDebouncedValue(search, 250);

  const update = (patch: Partial<typeof current>, resetPaging = true): void => {
    const next = { ...read(params), ...patch, ...(resetPaging ? { offset: 0 } : {}) };
    const out = new URLSearchParams();
    if (next.q) out.set('q', next.q);
    if (next.tag) out.set('tag', next.tag);
    if (next.accountId) out.set('accountId', next.accountId);
    if (next.offset > 0) out.set('offset', String(next.offset));
    setParams(out, { replace: true });
  };

  const lastWritten = useRef(current.q);
  // Runs when the debounced box changes, reading the URL and `update` as they are then (see CaseListRoute).
  const latest = useLatest({ q: current.q, update });
  useEffect(() => {
    if (debounced === latest.current.q) return;
    lastWritten.current = debounced;
    latest.current.update({ q: debounced });
  }, [debounced, latest]);
  useEffect(() => {
    if (current.q === lastWritten.current) return;
    lastWritten.current = current.q;
    setSearch(current.q);
  }, [current.q]);

  /** Replaces the whole filter (a saved filter picked, or cleared). */
  const apply = (query: SegmentQuery): void => {
    lastWritten.current = query.q ?? '';
    setSearch(query.q ?? '');
    update({ q: query.q ?? '', tag: query.tag ?? '', accountId: query.accountId ?? '' });
  };

  const segment: SegmentQuery = {
    ...(current.q ? { q: current.q } : {}),
    ...(current.tag ? { tag: current.tag } : {}),
    ...(current.accountId ? { accountId: current.accountId } : {}),
  };
  return { ...current, segment, filtered: Object.keys(segment).length > 0, search, setSearch, update, apply };
}

/** Tags as toggle buttons: one active at a time; the active one again clears it. */
export function TagChips({ tags, active, onChange }: { tags: string[]; active: string; onChange: (tag: string) => void }) {
  const { t } = useTranslation();
  const all = [...new Set([...(active ? [active] : []), ...tags])].sort((a, b) => a.localeCompare(b));
  if (all.length === 0) return null;
  return (
    <div className="chips" role="group" aria-label={t('Filter by tag')}>
      {all.map((tag) => (
        <button
          key={tag}
          type="button"
          className={`chip${tag === active ? ' chip--on' : ''}`}
          aria-pressed={tag === active}
          onClick={() => onChange(tag === active ? '' : tag)}
        >
          {tag}
        </button>
      ))}
    </div>
  );
}

/** A person's saved filters for one list: pick one, save the current filter under a name, delete one. */
export function SavedFilters({
  target,
  current,
  canSave,
  onPick,
}: {
  target: SegmentTarget;
  current: SegmentQuery;
  canSave: boolean;
  onPick: (q: SegmentQuery) => void;
}) {
  const { t } = useTranslation();
  const [gen, setGen] = useState(0);
  const list = useApi(`saved-filters:${target}:${gen}`, (signal) => contactsApi.savedFilters(target, signal));
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const nameId = useId();
  // Saving and deleting share one message: the latest action's.
  const act = useSubmit(async (work: () => Promise<unknown>) => {
    await work();
    setGen((g) => g + 1);
  });

  const save = (e: FormEvent): void => {
    e.preventDefault();
    void act.run(async () => {
      await contactsApi.saveFilter(target, name.trim(), current);
      setNaming(false);
      setName('');
    });
  };

  return (
    <section className="saved-filters" aria-label={t('Saved filters')}>
      <span className="saved-filters__label muted">{t('Saved filters:')}</span>
      <Async value={list} what={t('your saved filters')} empty={<span className="muted">{t('none yet')}</span>}>
        {(filters) => (
          <ul className="saved-filters__list">
            {filters.map((f) => (
              <li key={f.id} className="saved-filter">
                <button type="button" className="chip" onClick={() => onPick(f.query)}>
                  {f.name}
                </button>
                <button
                  type="button"
                  className="icon-button icon-button--small"
                  aria-label={t('Delete saved filter {{name}}', { name: f.name })}
                  onClick={() => void act.run(() => contactsApi.deleteFilter(f.id))}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
      </Async>
      {naming ? (
        <form className="saved-filters__form" onSubmit={save}>
          <label htmlFor={nameId} className="visually-hidden">
            {t('Name of the saved filter')}
          </label>
          <input id={nameId} value={name} placeholder={t('Name this filter')} maxLength={80} required autoFocus onChange={(e) => setName(e.target.value)} />
          <button type="submit" className="button button--small" disabled={!name.trim() || act.busy}>
            {t('Save')}
          </button>
          <button type="button" className="button button--small" onClick={() => setNaming(false)}>
            {t('Cancel')}
          </button>
        </form>
      ) : (
        <button
          type="button"
          className="link-button"
          disabled={!canSave}
          onClick={() => setNaming(true)}
          title={canSave ? undefined : t('Search or pick a tag first')}
        >
          {t('Save current filter')}
        </button>
      )}
      <FormError message={act.error} />
    </section>
  );
}

/** The search box, tag chips and saved filters above a list. */
export function SegmentBar({ target, label, seg, tags }: { target: SegmentTarget; label: string; seg: ReturnType<typeof useSegmentParams>; tags: string[] }) {
  const { t } = useTranslation();
  const searchId = useId();
  return (
    <div className="segment-bar stack">
      <div className="filters" role="search">
        <div className="field field--search">
          <label htmlFor={searchId} className="visually-hidden">
            {label}
          </label>
          <input id={searchId} type="search" placeholder={`${label}…`} value={seg.search} onChange={(e) => seg.setSearch(e.target.value)} />
        </div>
        {seg.filtered ? (
          <button type="button" className="button" onClick={() => seg.apply({})}>
            {t('Clear filters')}
          </button>
        ) : null}
      </div>
      <TagChips tags={tags} active={seg.tag} onChange={(tag) => seg.update({ tag })} />
      <SavedFilters target={target} current={seg.segment} canSave={seg.filtered} onPick={seg.apply} />
    </div>
  );
}

/** A column of a record list besides the name (first) and the tags (last). */
export type RecordColumn<T> = { header: string; numeric?: boolean; cell: (row: T) => ReactNode };

/**
 * One page of accounts or contacts: a table whose first column links each
 * record by name and whose last shows its tags, then the pager.
 */
export function RecordTable<T extends { id: string; name: string; tags: string[] }>({
  label,
  rows,
  page,
  loading,
  hrefOf,
  columns,
  onOffset,
}: {
  label: string;
  rows: T[];
  page: { total: number; offset: number; limit: number };
  loading: boolean;
  hrefOf: (row: T) => string;
  columns: RecordColumn<T>[];
  onOffset: (offset: number) => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <div className="table-wrap">
        <table className="case-table" aria-label={label} aria-busy={loading}>
          <thead>
            <tr>
              <th scope="col">{t('Name')}</th>
              {columns.map((c) => (
                <th key={c.header} scope="col" className={c.numeric ? 'num' : undefined}>
                  {c.header}
                </th>
              ))}
              <th scope="col">{t('Tags')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id} data-record-id={row.id}>
                <td className="case-table__title">
                  <Link to={hrefOf(row)}>{row.name}</Link>
                </td>
                {columns.map((c) => (
                  <td key={c.header} className={c.numeric ? 'num' : undefined}>
                    {c.cell(row)}
                  </td>
                ))}
                <td>
                  {row.tags.map((tag) => (
                    <span key={tag} className="tag">
                      {tag}
                    </span>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager total={page.total} offset={page.offset} limit={page.limit} onOffset={onOffset} />
    </>
  );
}
