import { useEffect, useRef } from 'react';
import type { WebsocketProvider } from 'y-websocket';
import { closeCodes } from '@casehub/contract';
import { urlOf } from '../../lib/api';

/** Why a case page stopped: access to the case was removed, or the session ended. */
export type AccessEnd = 'revoked' | 'signed-out';

/**
 * Watches the case's sync connections for the server closing them on
 * purpose. 4000 [S9.4]: access kept under a new role or a new right to
 * write; the providers reopen by themselves at once (lib/sync.ts), nothing
 * is said, and `onStillAllowed` asks again what this person may do. 4403
 * (access revoked) and 4401 (session ended, or rotated by a password
 * change): the providers stop reconnecting at once, and one HTTP call tells
 * what happened: still allowed (a fresh session) → reconnect;
 * 404/403 → `revoked`; 401 → `signed-out` (or `revoked` after a 4403, when
 * the person was removed from the workspace and their sessions ended).
 */
export function useAccessWatch(
  caseId: string,
  providers: readonly (WebsocketProvider | null | undefined)[],
  onEnded: (reason: AccessEnd) => void,
  onStillAllowed: () => void,
): void {
  const handlers = useRef({ onEnded, onStillAllowed });
  useEffect(() => {
    handlers.current = { onEnded, onStillAllowed };
  }, [onEnded, onStillAllowed]);

  const [first, second] = providers;
  useEffect(() => {
    const live = [first, second].filter((p): p is WebsocketProvider => Boolean(p));
    if (live.length === 0) return;
    let checking = false;
    let stopped = false;
    const stoppedProviders = new Set<WebsocketProvider>();

    const check = async (code: number): Promise<void> => {
      if (checking) return;
      checking = true;
      let status = 0;
      try {
        // Raw fetch, not call(): only the status matters, and a 401 here must not end the session (call() would) before this decides revoked or signed out.
        const res = await fetch(urlOf('GET /api/cases/{id}', { params: { id: caseId } }), {
          credentials: 'same-origin',
          headers: { accept: 'application/json' },
        });
        status = res.status;
      } catch {
        status = 0;
      }
      checking = false;
      if (stopped) return;
      if (status === 404 || status === 403) {
        handlers.current.onEnded('revoked');
      } else if (status === 401) {
        handlers.current.onEnded(code === closeCodes.forbidden ? 'revoked' : 'signed-out');
      } else {
        // Still allowed (or the server could not be asked): pick up any change, then reconnect.
        if (status >= 200 && status < 300) handlers.current.onStillAllowed();
        for (const p of stoppedProviders) p.connect();
        stoppedProviders.clear();
      }
    };

    // Both documents' sockets close for one change: one refresh for both.
    let refreshQueued = false;
    const listeners = live.map((provider) => {
      const onClose = (event: CloseEvent | null): void => {
        const code = event?.code;
        if (code === closeCodes.reconnect && !refreshQueued) {
          refreshQueued = true;
          setTimeout(() => {
            refreshQueued = false;
            if (!stopped) handlers.current.onStillAllowed();
          }, 100);
        }
        if (code !== closeCodes.forbidden && code !== closeCodes.unauthenticated) return;
        stoppedProviders.add(provider);
        // After y-websocket has finished handling this close; its reconnect is scheduled later.
        queueMicrotask(() => provider.disconnect());
        void check(code);
      };
      provider.on('connection-close', onClose);
      return () => provider.off('connection-close', onClose);
    });
    return () => {
      stopped = true;
      listeners.forEach((off) => off());
    };
  }, [caseId, first, second]);
}
