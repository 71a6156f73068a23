/** What a guest sees on a workspace page (members, routing): that it is not theirs, under its title. */
export function GuestsNotHere({ title }: { title: string }) {
  return (
    <main className="page">
      <div className="empty">
        <h1>{title}</h1>
        <p className="muted">Guests see only the cases they were invited to.</p>
      </div>
    </main>
  );
}
