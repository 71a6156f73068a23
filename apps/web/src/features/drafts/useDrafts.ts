import { useEffect, useState } from 'react';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { draftsMap, listDrafts, readDraft, type DraftRecord } from '@casehub/case-document';
import type { PresenceUser } from '../../lib/sync';

/** The case's drafts (team document), most recently changed first, kept live. */
export function useDrafts(doc: Y.Doc | null): DraftRecord[] {
  const [drafts, setDrafts] = useState<DraftRecord[]>(() => (doc ? listDrafts(doc) : []));
  useEffect(() => {
    if (!doc) {
      setDrafts([]);
      return;
    }
    const map = draftsMap(doc);
    // The body's own typing changes nothing listed, but touches `updatedAt` (touchDraft) after a pause.
    const read = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>): void => {
      if (events.every((e) => e.path.length > 1)) return;
      setDrafts(listDrafts(doc));
    };
    setDrafts(listDrafts(doc));
    map.observeDeep(read);
    return () => map.unobserveDeep(read);
  }, [doc]);
  return drafts;
}

/** One draft's header fields, kept live; null once it is sent or discarded (by anyone). */
export function useDraft(doc: Y.Doc, id: string): DraftRecord | null {
  const [draft, setDraft] = useState<DraftRecord | null>(() => readDraft(doc, id));
  useEffect(() => {
    const map = draftsMap(doc);
    const read = (): void => setDraft(readDraft(doc, id));
    read();
    map.observeDeep(read);
    return () => map.unobserveDeep(read);
  }, [doc, id]);
  return draft;
}

const awarenessKey = 'draft';

/** Who is writing which draft: from each tab's presence (`draft`: the id), each person once, me left out. */
export function useDraftWriters(provider: WebsocketProvider | null, me: string): Map<string, PresenceUser[]> {
  const [writers, setWriters] = useState<Map<string, PresenceUser[]>>(new Map());
  useEffect(() => {
    if (!provider) return;
    const read = (): void => {
      const next = new Map<string, PresenceUser[]>();
      provider.awareness.getStates().forEach((state) => {
        const draft: unknown = state[awarenessKey];
        const user = state.user as PresenceUser | undefined;
        if (typeof draft !== 'string' || !user || typeof user.id !== 'string' || user.id === me) return;
        const list = next.get(draft) ?? [];
        if (!list.some((u) => u.id === user.id)) list.push(user);
        next.set(draft, list);
      });
      setWriters(next);
    };
    read();
    provider.awareness.on('change', read);
    return () => provider.awareness.off('change', read);
  }, [provider, me]);
  return writers;
}

/** Says in this tab's presence that it is writing `draftId`, while mounted. */
export function useWritingDraft(provider: WebsocketProvider, draftId: string): void {
  useEffect(() => {
    provider.awareness.setLocalStateField(awarenessKey, draftId);
    return () => {
      if (provider.awareness.getLocalState()?.[awarenessKey] === draftId) provider.awareness.setLocalStateField(awarenessKey, null);
    };
  }, [provider, draftId]);
}
