import type { PresenceUser } from '../../lib/sync';
import { initials } from '../../lib/people';

export function PresenceAvatars({ people, meId }: { people: PresenceUser[]; meId: string }) {
  return (
    <ul className="presence" aria-label="People on this case now">
      {people.map((p) => {
        const label = p.id === meId ? `${p.name} (you)` : p.name;
        return (
          <li key={p.id} className="presence__item" title={label} aria-label={label}>
            <span className="avatar avatar--md" style={{ backgroundColor: p.color }} aria-hidden="true">
              {initials(p.name)}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
