/** Caret colours must be #rrggbb: the caret extension ignores any other format. */
const palette = ['#e5484d', '#f76b15', '#d6a100', '#30a46c', '#12a594', '#0090ff', '#3e63dd', '#8e4ec6', '#d6409f', '#7d5e54', '#5b8a3c', '#c2410c'] as const;

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
