import { z } from 'zod';

/** The events a webhook may hear (DESIGN §10). */
export const webhookEventTypes = [
  'case.created',
  'case.updated',
  'activity.created',
  'email.received',
  'email.sent',
  'expectation.updated',
  'moment_of_truth.flagged',
  'guest.joined',
] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

/** `POST /api/webhooks`: `events` are type names or ["*"]; `format: "slack"` sends readable `{text}` messages. */
export const webhookCreateInput = z
  .object({
    url: z
      .string()
      .trim()
      .min(1, 'enter the URL that receives the events')
      .max(2048, 'must be at most 2048 characters')
      .refine((value) => {
        try {
          const u = new URL(value);
          return u.protocol === 'http:' || u.protocol === 'https:';
        } catch {
          return false;
        }
      }, 'must be an http:// or https:// URL'),
    events: z
      .array(z.union([z.enum(webhookEventTypes), z.literal('*')], { message: `must be one of ${webhookEventTypes.join(', ')} or *` }))
      .min(1, 'choose at least one event, or ["*"] for all')
      .max(webhookEventTypes.length + 1)
      .transform((events) => (events.includes('*') ? ['*' as const] : [...new Set(events)])),
    format: z.enum(['standard', 'slack']).optional(),
  })
  .strict();
export type WebhookCreateInput = z.input<typeof webhookCreateInput>;

export const webhookCreated = z.object({ id: z.string(), secret: z.string() });
export type WebhookCreated = z.infer<typeof webhookCreated>;

export const webhookSummary = z.object({
  id: z.string(),
  url: z.string(),
  format: z.enum(['standard', 'slack']),
  events: z.array(z.string()),
  enabled: z.boolean(),
  createdAt: z.string(),
  createdBy: z.string(),
  failingSince: z.string().nullable(),
  disabledAt: z.string().nullable(),
  disabledReason: z.string().nullable(),
});
export type WebhookSummary = z.infer<typeof webhookSummary>;
export const webhookList = z.object({ webhooks: z.array(webhookSummary) });

export const webhookAttempt = z.object({
  at: z.string(),
  statusCode: z.number().nullable(),
  error: z.string().nullable(),
  responseExcerpt: z.string().nullable(),
  durationMs: z.number(),
});
export type WebhookAttempt = z.infer<typeof webhookAttempt>;

export const webhookDelivery = z.object({
  id: z.string(),
  /** The `webhook-id` header: the same on every try. */
  eventId: z.string(),
  type: z.string(),
  caseId: z.string().nullable(),
  status: z.enum(['pending', 'delivered', 'failed']),
  /** Tries so far. */
  attemptCount: z.number(),
  /** The last try's answer. */
  statusCode: z.number().nullable(),
  error: z.string().nullable(),
  responseExcerpt: z.string().nullable(),
  createdAt: z.string(),
  lastAttemptAt: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  /** The most recent tries, newest first. */
  attempts: z.array(webhookAttempt),
});
export type WebhookDelivery = z.infer<typeof webhookDelivery>;
export const webhookDeliveries = z.object({ deliveries: z.array(webhookDelivery) });
export const webhookResent = z.object({ delivery: webhookDelivery });

export const webhookDeliveriesQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });
