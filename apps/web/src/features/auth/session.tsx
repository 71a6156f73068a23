import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { MeResponse } from '@casehub/contract';
import { api, ApiError, onUnauthenticated } from '../../lib/api';
import { clearLocalDocs } from '../../lib/localDocs';
import { clearOfflineCopies, forgetSession, keepSession } from '../../lib/offlineCopy';
import { i18n } from '../../i18n';

type SessionState = { status: 'loading' } | { status: 'signed-out' } | { status: 'signed-in'; me: MeResponse } | { status: 'error'; message: string };

interface SessionValue {
  session: SessionState;
  signedIn: (me: MeResponse) => void;
  signOut: () => Promise<void>;
  retry: () => void;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SessionState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const ctrl = new AbortController();
    api.me(ctrl.signal).then(
      (me) => setSession({ status: 'signed-in', me }),
      (err: unknown) => {
        if (ctrl.signal.aborted) return;
        if (err instanceof ApiError && err.status === 401) setSession({ status: 'signed-out' });
        else setSession({ status: 'error', message: err instanceof Error ? err.message : i18n.t('Could not load your session.') });
      },
    );
    return () => ctrl.abort();
  }, [attempt]);

  useEffect(
    () =>
      onUnauthenticated(() => {
        void forgetSession();
        setSession({ status: 'signed-out' });
      }),
    [],
  );

  // Opened from the browser's copy while offline (lib/offlineCopy.ts): once the network is back, ask the
  // server again, quietly, so the session is the server's and the "local copy" notice goes.
  useEffect(() => {
    if (session.status !== 'signed-in') return;
    const ctrl = new AbortController();
    const onOnline = (): void => {
      api.me(ctrl.signal).then(
        (me) => setSession({ status: 'signed-in', me }),
        () => {},
      );
    };
    window.addEventListener('online', onOnline);
    return () => {
      window.removeEventListener('online', onOnline);
      ctrl.abort();
    };
  }, [session.status]);

  const signedIn = useCallback((me: MeResponse) => {
    void keepSession(me.user.id, me);
    setSession({ status: 'signed-in', me });
  }, []);
  const signOut = useCallback(async () => {
    try {
      await api.logout();
    } finally {
      setSession({ status: 'signed-out' });
      // This browser keeps no copy of any case, nor of any answer, once its person signs out.
      // Not awaited: IndexedDB deletes a copy once the case page holding it has closed.
      void clearLocalDocs();
      void clearOfflineCopies();
    }
  }, []);
  const retry = useCallback(() => {
    setSession({ status: 'loading' });
    setAttempt((n) => n + 1);
  }, []);

  const value = useMemo(() => ({ session, signedIn, signOut, retry }), [session, signedIn, signOut, retry]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside <SessionProvider>');
  return value;
}

/** For components that only render inside the signed-in layout. */
export function useMe(): MeResponse {
  const { session } = useSession();
  if (session.status !== 'signed-in') throw new Error('useMe used outside the signed-in area');
  return session.me;
}
