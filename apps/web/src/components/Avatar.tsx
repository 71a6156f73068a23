import { initials, userColor } from '../lib/people';

/**
 * A person's initials on their colour. Decorative (the name is always written beside it or in
 * the label), so the initials are drawn by CSS from data-initials: not text a screen reader
 * reads, nor text that the name of the button around it must contain (WCAG 2.5.3).
 */
export function Avatar({ id, name, color, size = 'md' }: { id: string; name: string; color?: string; size?: 'sm' | 'md' }) {
  return <span className={`avatar avatar--${size}`} style={{ backgroundColor: color ?? userColor(id) }} data-initials={initials(name)} aria-hidden="true" />;
}
