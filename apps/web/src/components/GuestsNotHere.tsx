import { Link } from 'react-router';

/** What a guest sees on a workspace page (members, routing, the dashboard): that it is not theirs, and the way back. */
export function GuestsNotHere({ title = 'Not available to guests' }: { title?: string }) {
  return (
    <main className="page">
      <div className="empty">
        <h1>{title}</h1>
        <p className="muted">This page is not available to guests. Guests see only the cases they were invited to.</p>
        <Link to="/cases" className="button">
          Go to your cases
        </Link>
      </div>
    </main>
  );
}
