import { useSearchParams } from 'react-router';
import { Async } from '../components/Async';
import { api } from '../lib/api';
import { useApi } from '../lib/useApi';
import { SearchHitList } from '../features/search/SearchHitList';
import { useTranslation } from 'react-i18next';

/** `/search?q=`: everything the person may see that matches, best first. */
export function SearchRoute() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const q = (params.get('q') ?? '').trim();
  return (
    <main className="page">
      <div className="page__header">
        <h1>{q ? `Search: ${q}` : 'Search'}</h1>
      </div>
      {q ? <Results q={q} /> : <p className="muted">{t('Type in the search box at the top to search every case you can see.')}</p>}
    </main>
  );
}

function Results({ q }: { q: string }) {
  const { t } = useTranslation();
  const results = useApi(`search:${q}`, (signal) => api.search({ q }, signal));
  return (
    <Async
      value={results}
      what={t('the results')}
      loading={t('Searching…')}
      empty={
        <div className="empty" role="status">
          <p>{t('Nothing matches “{{query}}”.', { query: q })}</p>
          <p className="muted">{t('Search looks in notes, calls, meetings, email subjects and bodies, file names and PDF text.')}</p>
        </div>
      }
    >
      {(hits) => (
        <div className="search-page" aria-busy={results.state === 'loading'}>
          <p className="muted" role="status">
            {hits.length} {hits.length === 1 ? 'result' : 'results'}
          </p>
          <SearchHitList hits={hits} label={t('Search results for {{q}}', { q })} showCase />
        </div>
      )}
    </Async>
  );
}
