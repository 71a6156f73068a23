import { useEffect, useState, useSyncExternalStore } from 'react';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { closeCodes } from '@casehub/contract';
import { jitterReconnects } from './backoff';
import { useLatest } from './useLatest';
import { openLocalCopy } from './localDocs';
import { SaveTracker } from './saveState';

export type ConnectionStatus = 'connecting' | 'connected' | 'offline' | 'closed' | 'too-large';

/** What each client publishes in awareness; the caret extension reads `name` and `color`. */
export interface PresenceUser {
  id: string;
  name: string;
  color: string;
}

export interface SyncSession {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** What the server has stored of this tab's changes. */
  saves: SaveTracker;
}

function syncServerUrl(): string {
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  // The provider appends `/<docName>`, giving `/sync/cases/<id>/team`.
  return `${scheme}://${window.location.host}/sync`;
}

/**
 * Opens one Y.Doc over the sync endpoint for as long as the calling component
 * is mounted (or until `docName` changes), and tears both down afterwards.
 * Auth is the session cookie, sent by the browser on the same-origin upgrade.
 */
export function useSyncedDoc(docName: string | null, user: PresenceUser | null): SyncSession | null {
  const [session, setSession] = useState<SyncSession | null>(null);
  const userKey = user ? `${user.id}\u0000${user.name}\u0000${user.color}` : '';
  // The effect runs again when `userKey` changes (the person's content), not for every new object with the same content.
  const latestUser = useLatest(user);

  useEffect(() => {
    if (!docName) return;
    const doc = new Y.Doc();
    // Cross-tab BroadcastChannel sync is off: every edit goes through the
    // server, so what "Live" promises is what the server has.
    // `ack=1`: the server tells this client what of its writing is durable [S8].
    const provider = new WebsocketProvider(syncServerUrl(), docName, doc, { disableBc: true, params: { ack: '1' } });
    // After a server restart, a thousand tabs must not come back in lockstep.
    const stopJitter = jitterReconnects(provider);
    // [S9.4] Closed only to be reopened under new rights (a new role, a new right to write): at once, without
    // the jitter (these are one person's sockets, not a restart's thousands). After the jitter's own listener.
    const reopenAtOnce = (event: CloseEvent | null): void => {
      if (event?.code === closeCodes.reconnect) provider.maxBackoffTime = 0;
    };
    provider.on('connection-close', reopenAtOnce);
    const user = latestUser.current;
    if (user) provider.awareness.setLocalStateField('user', user);
    const saves = new SaveTracker(doc, provider);
    // The browser's copy: offline edits survive a closed tab and are sent on the next visit.
    const local = user ? openLocalCopy(user.id, docName, doc) : null;
    // Access lost while connected: the copy must not outlive it.
    const onClosed = ({ code }: { code: number }): void => {
      if (code === closeCodes.forbidden) void local?.clearData();
    };
    provider.on('closed', onClosed);

    // When the browser knows it lost the network, close the socket at once
    // rather than waiting for y-websocket's 30 s silence timeout, so the
    // badge tells the truth; reconnect as soon as the network is back.
    const goOffline = (): void => provider.disconnect();
    const goOnline = (): void => provider.connect();
    window.addEventListener('offline', goOffline);
    window.addEventListener('online', goOnline);

    setSession({ doc, provider, saves });
    return () => {
      window.removeEventListener('offline', goOffline);
      window.removeEventListener('online', goOnline);
      provider.off('closed', onClosed);
      provider.off('connection-close', reopenAtOnce);
      stopJitter();
      setSession(null);
      saves.destroy();
      provider.destroy();
      void local?.destroy();
      doc.destroy();
    };
  }, [docName, userKey, latestUser]);

  return session;
}

/**
 * `connecting` until the first connection, then `connected` / `offline`;
 * retries while offline stay `offline` rather than flickering to connecting.
 * `closed` means the server ended the session for good (signed out, access revoked);
 * `too-large` that it refused a change that would take the document past its size limit.
 * A close with 4000 (access kept under new rights) is `connecting`, not `offline`: it reopens at once.
 */
export function useConnectionStatus(provider: WebsocketProvider): ConnectionStatus {
  const [status, setStatus] = useState<ConnectionStatus>(provider.wsconnected ? 'connected' : 'connecting');
  useEffect(() => {
    setStatus(provider.wsconnected ? 'connected' : 'connecting');
    let reopening = false;
    const onStatus = ({ status: next }: { status: 'connected' | 'disconnected' | 'connecting' }): void => {
      if (next === 'connected') {
        reopening = false;
        setStatus('connected');
      } else if (next === 'disconnected') setStatus(reopening ? 'connecting' : 'offline');
    };
    const onClose = (event: CloseEvent | null): void => {
      reopening = event?.code === closeCodes.reconnect;
      setStatus((s) => (s === 'closed' || s === 'too-large' ? s : reopening ? 'connecting' : 'offline'));
    };
    const onClosed = ({ code }: { code: number }): void => setStatus(code === closeCodes.documentTooLarge ? 'too-large' : 'closed');
    provider.on('status', onStatus);
    provider.on('connection-close', onClose);
    provider.on('closed', onClosed);
    return () => {
      provider.off('status', onStatus);
      provider.off('connection-close', onClose);
      provider.off('closed', onClosed);
    };
  }, [provider]);
  return status;
}

/** True once the provider has received the server's state at least once. */
export function useFirstSync(provider: WebsocketProvider): boolean {
  const [synced, setSynced] = useState(provider.synced);
  useEffect(() => {
    if (provider.synced) {
      setSynced(true);
      return;
    }
    const onSync = (state: boolean): void => {
      if (state) setSynced(true);
    };
    provider.on('sync', onSync);
    return () => provider.off('sync', onSync);
  }, [provider]);
  return synced;
}

function isPresenceUser(value: unknown): value is PresenceUser {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.id === 'string' && typeof v.name === 'string' && typeof v.color === 'string';
}

/**
 * Distinct people in the awareness states (a person with two tabs counts
 * once); none for a provider that does not exist yet (a case's shared document).
 */
export function usePresence(provider: WebsocketProvider | null): PresenceUser[] {
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

const noop = (): void => {};

/** After a pause this long with changes still unconfirmed, saving counts as slow (the ack takes ~200 ms). */
const savingGraceMs = 3000;

export interface SaveState {
  /** Changes not yet stored on the server (see SaveTracker for how they are counted). */
  pending: number;
  /** Nothing was confirmed for a while after the last change: worth showing the count. */
  slow: boolean;
}

/** The save state of a session, re-read whenever it changes (and once more when "saving" turns slow). */
export function useSaveState(saves: SaveTracker | null): SaveState {
  const pending = useSyncExternalStore(
    (onChange) => saves?.subscribe(onChange) ?? noop,
    () => saves?.pending ?? 0,
  );
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    // Re-armed on every change of the count: while someone types, it is "saving".
    setSlow(false);
    if (pending === 0) return;
    const timer = setTimeout(() => setSlow(true), Math.max(0, savingGraceMs - (saves?.waitingFor() ?? 0)));
    return () => clearTimeout(timer);
  }, [saves, pending]);
  return { pending, slow: slow && pending > 0 };
}

/** Asks the browser to confirm closing the tab while changes are not stored on the server. */
export function useWarnBeforeClose(unsaved: boolean): void {
  useEffect(() => {
    if (!unsaved) return;
    const onBeforeUnload = (e: BeforeUnloadEvent): void => {
      e.preventDefault();
      // Older browsers show the dialog only when returnValue is set.
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [unsaved]);
}
