import type { PresenceUser } from '../../lib/sync';

/** People present in either document (team and shared), each once. */
export function mergePresence(a: PresenceUser[], b: PresenceUser[]): PresenceUser[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const byId = new Map<string, PresenceUser>();
  for (const p of [...a, ...b]) if (!byId.has(p.id)) byId.set(p.id, p);
  return [...byId.values()].sort((x, y) => x.name.localeCompare(y.name));
}
