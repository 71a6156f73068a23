/**
 * Caret colours must be #rrggbb: the caret extension ignores any other format. White initials
 * and caret labels are written on them, so each is dark enough for 5:1 against white (WCAG AA).
 */
const palette = ['#c62a2f', '#b34700', '#8a6a00', '#1e7a4c', '#0b7568', '#0067c0', '#3e63dd', '#8e4ec6', '#b52b80', '#7d5e54', '#4a7330', '#c2410c'] as const;

/**
 * A stable colour per user id, so everyone sees a person in the same colour.
 * The sync server stamps it on each socket's presence; the web app uses it for avatars.
 */
export function userColor(userId: string): string {
  let hash = 2166136261;
  for (let i = 0; i < userId.length; i++) {
    hash ^= userId.charCodeAt(i);
    hash = Math.imul(hash, 16777619);
  }
  return palette[Math.abs(hash) % palette.length] ?? palette[0];
}
