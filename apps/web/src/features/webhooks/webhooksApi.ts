import { webhookCreated, webhookDeliveries, webhookList, webhookResent, type WebhookCreateInput } from '@casehub/contract';
import { empty, json } from '../../lib/api';

const enc = encodeURIComponent;

/** Settings → Webhooks (DESIGN §10): owners and admins. */
export const webhooksApi = {
  list: async (signal?: AbortSignal) => (await json(webhookList, 'GET', '/api/webhooks', undefined, signal)).webhooks,
  create: (input: WebhookCreateInput) => json(webhookCreated, 'POST', '/api/webhooks', input),
  remove: (id: string) => empty('DELETE', `/api/webhooks/${enc(id)}`),
  deliveries: async (id: string, signal?: AbortSignal) => (await json(webhookDeliveries, 'GET', `/api/webhooks/${enc(id)}/deliveries`, undefined, signal)).deliveries,
  resend: async (id: string, deliveryId: string) => (await json(webhookResent, 'POST', `/api/webhooks/${enc(id)}/deliveries/${enc(deliveryId)}/resend`, {})).delivery,
};
