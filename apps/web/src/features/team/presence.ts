import { useEffect, useState } from 'react';
import type { WebsocketProvider } from 'y-websocket';
import type { PresenceUser } from '../../lib/sync';

function isPresenceUser(value: unknown): value is PresenceUser {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.id === 'string' && typeof v.name === 'string' && typeof v.color === 'string';
}

/** Like `usePresence` from lib/sync, for a provider that may not exist yet (the shared document of a case). */
export function usePresenceOf(provider: WebsocketProvider | null): PresenceUser[] {
  const [people, setPeople] = useState<PresenceUser[]>([]);
  useEffect(() => {
    if (!provider) {
      setPeople([]);
      return;
    }
    const read = (): void => {
      const byId = new Map<string, PresenceUser>();
      provider.awareness.getStates().forEach((state) => {
        const user: unknown = state.user;
        if (isPresenceUser(user) && !byId.has(user.id)) byId.set(user.id, user);
      });
      const next = [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
      setPeople((prev) => (prev.length === next.length && prev.every((p, i) => p.id === next[i]?.id && p.name === next[i]?.name) ? prev : next));
    };
    read();
    provider.awareness.on('change', read);
    return () => provider.awareness.off('change', read);
  }, [provider]);
  return people;
}

/** People present in either document (team and shared), each once. */
export function mergePresence(a: PresenceUser[], b: PresenceUser[]): PresenceUser[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const byId = new Map<string, PresenceUser>();
  for (const p of [...a, ...b]) if (!byId.has(p.id)) byId.set(p.id, p);
  return [...byId.values()].sort((x, y) => x.name.localeCompare(y.name));
}
