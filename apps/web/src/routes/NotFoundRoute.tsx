import { Link } from 'react-router';

export function NotFoundRoute() {
  return (
    <main className="page">
      <div className="empty">
        <h1>Page not found</h1>
        <Link to="/cases" className="button">
          Go to cases
        </Link>
      </div>
    </main>
  );
}
