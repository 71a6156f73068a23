import type { ViewInput, ViewPatch } from '@casehub/contract';
import { call } from '../../lib/api';

/** Saved views of cases (modules/views on the server). */
export const viewsApi = {
  list: async (signal?: AbortSignal) => (await call('GET /api/views', { signal })).views,
  create: (body: ViewInput) => call('POST /api/views', { body }),
  update: (id: string, body: ViewPatch) => call('PATCH /api/views/{id}', { params: { id }, body }),
  remove: (id: string) => call('DELETE /api/views/{id}', { params: { id } }),
};
