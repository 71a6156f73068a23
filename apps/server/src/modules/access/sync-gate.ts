import type { IncomingMessage } from 'node:http';
import { parse as parseCookie } from 'hono/utils/cookie';
import type { SyncGate } from '../../sync/upgrade.js';
import { sessionCookieName, type AuthService } from '../auth/service.js';
import type { CasesService } from '../cases/service.js';

/**
 * [S5] The sync endpoint's view of authentication and access, built from
 * the auth and cases services: an API token (`?token=` or a Bearer header)
 * first, else the session cookie; access by the same policy as HTTP (A1).
 */
export function createSyncGate({ auth, cases }: { auth: AuthService; cases: CasesService }): SyncGate {
  return {
    credential(req: IncomingMessage, url: URL) {
      const header = req.headers.authorization;
      // An empty ?token= falls back to the header, as a missing one does.
      const token = url.searchParams.get('token') || (header ? /^Bearer\s+(\S+)$/i.exec(header)?.[1] : undefined);
      if (token) return { key: `token ${token}`, resolve: () => auth.resolveToken(token) };
      const secret = parseCookie(req.headers.cookie ?? '', sessionCookieName)[sessionCookieName];
      return secret ? { key: `session ${secret}`, resolve: () => auth.resolveSession(secret) } : null;
    },
    recheck: (actor) => auth.recheck(actor),
    // A read-only API token opens documents read-only, whatever its person may write.
    access: async (actor, caseId, side) => {
      const access = await cases.syncAccess(actor, caseId, side);
      return access && actor.via.kind === 'token' && actor.via.scope === 'read' ? { ...access, canWrite: false } : access;
    },
    displayName: (userId) => cases.userName(userId),
  };
}
