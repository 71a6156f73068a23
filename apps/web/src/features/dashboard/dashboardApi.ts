import { dashboardResponse, digestPrefResponse, type DigestPref } from '@casehub/contract';
import { json } from '../../lib/api';

export const dashboardApi = {
  get: (weeks: number, signal?: AbortSignal) => json(dashboardResponse, 'GET', `/api/dashboard?weeks=${weeks}`, undefined, signal),
  digest: (signal?: AbortSignal) => json(digestPrefResponse, 'GET', '/api/me/digest', undefined, signal),
  setDigest: (pref: DigestPref) => json(digestPrefResponse, 'PUT', '/api/me/digest', pref),
};
