import { useEffect, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { api } from '../lib/api';
import { useApi, type Loadable } from '../lib/useApi';
import { useDebouncedValue } from '../lib/useDebouncedValue';
import { useLatest } from '../lib/useLatest';
import { CaseFilters } from '../features/cases/CaseFilters';
import { CaseTable } from '../features/cases/CaseTable';
import { NewCaseDialog } from '../features/cases/NewCaseDialog';
import { useWorkspaceMembers } from '../features/workspace/members';
import { useMe } from '../features/auth/session';
import { GuestCaseList } from '../features/guest/GuestCaseList';
import { Async } from '../components/Async';
import { Pager } from '../components/Pager';
import { defaultOrder, hasFilters, readListParams, toQuery, viewChanged, viewStateOf, writeListParams, type ListParams } from '../features/cases/listParams';
import { ColumnsMenu } from '../features/cases/ColumnsMenu';
import { ViewsSidebar, viewHref } from '../features/views/ViewsSidebar';
import { ViewBar } from '../features/views/ViewBar';
import { SaveViewDialog } from '../features/views/ViewDialogs';
import { viewsApi } from '../features/views/viewsApi';
import { CsvActions } from '../features/csv/CsvActions';
import { CaseBoard } from '../features/cases/CaseBoard';
import { fieldsOfKind, useCustomFields } from '../features/custom-fields/useCustomFields';
import { customFieldIdOfKey, isCustomFieldKey, type CustomFieldList, type WorkspaceMember } from '@casehub/contract';
import { usePipelines } from '../features/pipelines/usePipelines';
import { useTranslation } from 'react-i18next';

type View = 'list' | 'board';
const viewKey = 'casehub.caseView';
/** The List/Board choice, kept by this browser. */
const storedView = (): View => {
  try {
    return localStorage.getItem(viewKey) === 'board' ? 'board' : 'list';
  } catch {
    return 'list';
  }
};

const isTyping = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement &&
  (target.isContentEditable || target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement);

export function CaseListRoute() {
  const me = useMe();
  // Guests get a minimal list of the cases they were invited to: no filters on workspace people, no new case.
  return me.role === 'guest' ? <GuestCaseList /> : <TeamCaseList />;
}

function TeamCaseList() {
  const { t } = useTranslation();
  const [searchParams, setSearchParams] = useSearchParams();
  const params = readListParams(searchParams);
  const [search, setSearch] = useState(params.q);
  const debouncedSearch = useDebouncedValue(search, 250);
  const [creating, setCreating] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const members = useWorkspaceMembers();
  const pipelines = usePipelines();
  const customFields = useCustomFields();
  const [view, setView] = useState<View>(storedView);
  const chooseView = (next: View): void => {
    setView(next);
    try {
      localStorage.setItem(viewKey, next);
    } catch {
      // Storage refused (private mode): the choice lasts for this page only.
    }
  };

  const navigate = useNavigate();
  const views = useApi('saved views', (signal) => viewsApi.list(signal));
  const [savingView, setSavingView] = useState(false);
  const activeView = views.data?.find((v) => v.id === params.view);
  const viewState = viewStateOf(params, view);

  const update = (patch: Partial<ListParams>, resetPaging = true): void => {
    const next = { ...readListParams(searchParams), ...patch, ...(resetPaging ? { offset: 0 } : {}) };
    setSearchParams(writeListParams(next), { replace: true });
  };

  // The search box feeds the URL after a pause; the list query follows the URL.
  // `lastWrittenQ` tells our own writes apart from back/forward or link changes.
  const lastWrittenQ = useRef(params.q);
  // Runs when the debounced box changes, reading the URL and `update` as they are then: a back/forward change of q must not write the old box back.
  const latest = useLatest({ q: params.q, update });
  useEffect(() => {
    if (debouncedSearch === latest.current.q) return;
    lastWrittenQ.current = debouncedSearch;
    latest.current.update({ q: debouncedSearch });
  }, [debouncedSearch, latest]);
  useEffect(() => {
    if (params.q === lastWrittenQ.current) return;
    lastWrittenQ.current = params.q;
    setSearch(params.q);
  }, [params.q]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      // Ctrl/⌘+K is the command palette's (features/palette); `/` is this list's search.
      const slash = e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey && !isTyping(e.target);
      if (slash && !document.querySelector('[role="dialog"]')) {
        e.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const query = toQuery(params, customFields.data?.fields);
  // Bumped after a CSV import, so the list or the board asks again.
  const [imported, setImported] = useState(0);
  const clearFilters = (): void => {
    setSearch('');
    update({ q: '', kind: undefined, stage: '', ownerId: '', cfField: '', cfValue: '' });
  };

  return (
    <main className="page page--cases">
      <div className="page__header">
        <h1>{t('Cases')}</h1>
        <div className="page__actions">
          <div className="view-switch" role="group" aria-label={t('Show cases as')}>
            <button type="button" aria-pressed={view === 'list'} onClick={() => chooseView('list')}>
              {t('List')}
            </button>
            <button type="button" aria-pressed={view === 'board'} onClick={() => chooseView('board')}>
              {t('Board')}
            </button>
          </div>
          {view === 'list' ? (
            <ColumnsMenu
              columns={params.columns}
              fields={fieldsOfKind(customFields.data, params.kind)}
              showKind={!params.kind}
              onChange={(columns) => update({ columns }, false)}
            />
          ) : null}
          <CsvActions kind="cases" onImported={() => setImported((n) => n + 1)} />
          <button type="button" className="button button--primary" onClick={() => setCreating(true)}>
            {t('New case')}
          </button>
        </div>
      </div>

      <div className="cases-layout">
        <ViewsSidebar views={views} activeId={activeView?.id ?? ''} onOpen={(v) => chooseView(v.layout)} onSave={() => setSavingView(true)} />
        <div className="cases-layout__main">
          {activeView ? (
            <ViewBar
              key={activeView.id}
              view={activeView}
              state={viewState}
              changed={viewChanged(activeView, viewState)}
              onChanged={views.reload}
              onDeleted={() => {
                update({ view: '' }, false);
                views.reload();
              }}
            />
          ) : null}
          <CaseFilters
            ref={searchRef}
            search={search}
            onSearch={setSearch}
            params={params}
            onChange={(patch) => update(patch)}
            members={members}
            pipelines={pipelines.data}
            customFields={customFields.data}
          />

          {view === 'board' ? (
            <CaseBoard key={imported} query={query} pipelines={pipelines.data} customFields={customFields.data} />
          ) : (
            <CaseListView
              key={imported}
              params={params}
              update={update}
              onClear={clearFilters}
              onNew={() => setCreating(true)}
              customFields={customFields}
              members={members}
            />
          )}
        </div>
      </div>

      {savingView ? (
        <SaveViewDialog
          state={viewState}
          onClose={() => setSavingView(false)}
          onSaved={(saved) => {
            setSavingView(false);
            views.reload();
            void navigate(viewHref(saved), { replace: true });
          }}
        />
      ) : null}
      {creating ? <NewCaseDialog onClose={() => setCreating(false)} /> : null}
    </main>
  );
}

function CaseListView({
  params,
  update,
  onClear,
  onNew,
  customFields,
  members,
}: {
  params: ListParams;
  update: (patch: Partial<ListParams>, resetPaging?: boolean) => void;
  onClear: () => void;
  onNew: () => void;
  customFields: Loadable<CustomFieldList>;
  members: WorkspaceMember[];
}) {
  const { t } = useTranslation();
  const fields = customFields.data?.fields;
  const query = toQuery(params, fields);
  // A sort on a custom field waits for the fields, so one that is gone is not asked for (toQuery drops it).
  const list = useApi(JSON.stringify(query), (signal) => api.listCases(query, signal), {
    enabled: !(isCustomFieldKey(params.sort) && customFields.state === 'loading'),
  });
  const shown = fieldsOfKind(customFields.data, params.kind);
  const people = new Map(members.map((m) => [m.userId, m.name]));
  const fieldOf = (sort: string) => (isCustomFieldKey(sort) ? fields?.find((f) => f.id === customFieldIdOfKey(sort)) : undefined);
  return (
    <>
      <Async
        value={list}
        what={t('cases')}
        isEmpty={(page) => page.total === 0}
        empty={
          hasFilters(params) ? (
            <div className="empty">
              <h2>{t('No cases match these filters')}</h2>
              <button type="button" className="button" onClick={onClear}>
                {t('Clear filters')}
              </button>
            </div>
          ) : (
            <div className="empty">
              <h2>{t('No cases yet')}</h2>
              <p className="muted">{t('A case gathers the plan, the fields and the people working on one customer matter.')}</p>
              <button type="button" className="button button--primary" onClick={onNew}>
                {t('New case')}
              </button>
            </div>
          )
        }
      >
        {(page) => (
          <>
            <CaseTable
              columns={params.columns}
              customFields={shown}
              people={people}
              cases={page.cases}
              sort={query.sort ?? params.sort}
              order={query.order ?? params.order}
              busy={list.state === 'loading'}
              onSort={(sort) => update({ sort, order: sort === params.sort ? (params.order === 'asc' ? 'desc' : 'asc') : defaultOrder(sort, fieldOf(sort)) })}
            />
            <Pager total={page.total} offset={page.offset} limit={page.limit} onOffset={(offset) => update({ offset }, false)} />
          </>
        )}
      </Async>
    </>
  );
}
