import type { DigestPref, DigestPrefResponse } from '@casehub/contract';
import type { Db } from '../../storage/db.js';
import type { Actor } from '../access/policy.js';
import * as repo from './repo.js';

export type DigestPrefsService = ReturnType<typeof createDigestPrefsService>;

const present = (row: { frequency: DigestPrefResponse['frequency']; lastSentAt: Date | null } | undefined): DigestPrefResponse => ({
  frequency: row?.frequency ?? 'off',
  lastSentAt: row?.lastSentAt?.toISOString() ?? null,
});

/** Your own email digest setting: members and guests alike, each only their own. */
export function createDigestPrefsService(db: Db) {
  return {
    async get(actor: Actor): Promise<DigestPrefResponse> {
      return present(await repo.findDigestPref(db, actor.workspaceId, actor.userId));
    },
    async set(actor: Actor, pref: DigestPref): Promise<DigestPrefResponse> {
      return present(await repo.upsertDigestPref(db, actor.workspaceId, actor.userId, pref));
    },
  };
}
