import type { MailboxCreateInput } from '@casehub/contract';
import { call } from '../../lib/api';

/** Settings → Mailboxes (DESIGN §10): owners and admins. */
export const mailboxesApi = {
  list: async (signal?: AbortSignal) => (await call('GET /api/mailboxes', { signal })).mailboxes,
  create: (body: MailboxCreateInput) => call('POST /api/mailboxes', { body }),
  test: (body: MailboxCreateInput) => call('POST /api/mailboxes/test', { body }),
  senders: async (signal?: AbortSignal) => (await call('GET /api/mailboxes/senders', { signal })).mailboxes,
  remove: (id: string) => call('DELETE /api/mailboxes/{id}', { params: { id } }),
};
