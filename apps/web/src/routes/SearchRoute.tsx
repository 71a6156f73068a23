import { useSearchParams } from 'react-router';
import { api, errorMessage } from '../lib/api';
import { useApi } from '../lib/useApi';
import { SearchHitList } from '../features/search/SearchHitList';

/** `/search?q=`: everything the person may see that matches, best first. */
export function SearchRoute() {
  const [params] = useSearchParams();
  const q = (params.get('q') ?? '').trim();
  return (
    <main className="page">
      <div className="page__header">
        <h1>{q ? `Search: ${q}` : 'Search'}</h1>
      </div>
      {q ? <Results q={q} /> : <p className="muted">Type in the search box at the top to search every case you can see.</p>}
    </main>
  );
}

function Results({ q }: { q: string }) {
  const results = useApi(`search:${q}`, (signal) => api.search({ q }, signal));
  if (results.state === 'error') {
    return (
      <p className="notice notice--error" role="alert">
        {errorMessage(results.error)}
      </p>
    );
  }
  if (results.data === undefined) {
    return (
      <p className="muted" role="status">
        Searching…
      </p>
    );
  }
  if (results.data.length === 0) {
    return (
      <div className="empty" role="status">
        <p>Nothing matches “{q}”.</p>
        <p className="muted">Search looks in notes, calls, meetings, email subjects and bodies, file names and PDF text.</p>
      </div>
    );
  }
  return (
    <div className="search-page" aria-busy={results.state === 'loading'}>
      <p className="muted" role="status">
        {results.data.length} {results.data.length === 1 ? 'result' : 'results'}
      </p>
      <SearchHitList hits={results.data} label={`Search results for ${q}`} showCase />
    </div>
  );
}
