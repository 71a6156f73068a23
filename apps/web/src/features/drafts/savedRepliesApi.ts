import type { SavedReplyInput } from '@casehub/contract';
import { call } from '../../lib/api';

/** The workspace's saved replies (issue 13.6): members. */
export const savedRepliesApi = {
  list: async (signal?: AbortSignal) => (await call('GET /api/saved-replies', { signal })).replies,
  create: (body: SavedReplyInput) => call('POST /api/saved-replies', { body }),
  update: (id: string, body: Partial<SavedReplyInput>) => call('PATCH /api/saved-replies/{id}', { params: { id }, body }),
  remove: (id: string) => call('DELETE /api/saved-replies/{id}', { params: { id } }),
};
