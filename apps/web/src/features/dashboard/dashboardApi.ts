import type { DigestPref } from '@casehub/contract';
import { call } from '../../lib/api';

export const dashboardApi = {
  get: (weeks: number, signal?: AbortSignal) => call('GET /api/dashboard', { query: { weeks }, signal }),
  digest: (signal?: AbortSignal) => call('GET /api/me/digest', { signal }),
  setDigest: (body: DigestPref) => call('PUT /api/me/digest', { body }),
};
