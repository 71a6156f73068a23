import { useTranslation } from 'react-i18next';
import type { PresenceUser } from '../../lib/sync';
import { Avatar } from '../../components/Avatar';

export function PresenceAvatars({ people, meId }: { people: PresenceUser[]; meId: string }) {
  const { t } = useTranslation();
  return (
    <ul className="presence" aria-label={t('People on this case now')}>
      {people.map((p) => {
        const label = p.id === meId ? t('{{name}} (you)', { name: p.name }) : p.name;
        return (
          <li key={p.id} className="presence__item" title={label} aria-label={label}>
            <Avatar id={p.id} name={p.name} color={p.color} />
          </li>
        );
      })}
    </ul>
  );
}
