import { Link } from 'react-router';

/** A settings page someone opened whose role may not use it: what it is, why not, and the way back. */
export function NotForYou({ title, reason }: { title: string; reason: string }) {
  return (
    <main className="page">
      <div className="empty">
        <h1>{title}</h1>
        <p className="muted" role="alert">
          {reason}
        </p>
        <Link to="/cases" className="button">
          Back to cases
        </Link>
      </div>
    </main>
  );
}
