import type { WebhookCreateInput } from '@casehub/contract';
import { call } from '../../lib/api';

/** Settings → Webhooks (DESIGN §10): owners and admins. */
export const webhooksApi = {
  list: async (signal?: AbortSignal) => (await call('GET /api/webhooks', { signal })).webhooks,
  create: (body: WebhookCreateInput) => call('POST /api/webhooks', { body }),
  remove: (id: string) => call('DELETE /api/webhooks/{id}', { params: { id } }),
  deliveries: async (id: string, signal?: AbortSignal) => (await call('GET /api/webhooks/{id}/deliveries', { params: { id }, signal })).deliveries,
  resend: async (id: string, deliveryId: string) =>
    (await call('POST /api/webhooks/{id}/deliveries/{deliveryId}/resend', { params: { id, deliveryId } })).delivery,
};
