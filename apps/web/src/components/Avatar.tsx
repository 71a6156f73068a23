import { initials, userColor } from '../lib/people';

export function Avatar({ id, name, color, size = 'md' }: { id: string; name: string; color?: string; size?: 'sm' | 'md' }) {
  return (
    <span className={`avatar avatar--${size}`} style={{ backgroundColor: color ?? userColor(id) }} aria-hidden="true">
      {initials(name)}
    </span>
  );
}
