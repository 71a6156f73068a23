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

export type WebhookCreated = { id: string; secret: string };

export type WebhookSummary = {
  id: string;
  url: string;
  format: 'standard' | 'slack';
  events: string[];
  enabled: boolean;
  createdAt: string;
  createdBy: string;
  failingSince: string | null;
  disabledAt: string | null;
  disabledReason: string | null;
};

export type WebhookAttempt = { at: string; statusCode: number | null; error: string | null; responseExcerpt: string | null; durationMs: number };

export type WebhookDelivery = {
  id: string;
  /** The `webhook-id` header: the same on every try. */
  eventId: string;
  type: string;
  caseId: string | null;
  status: 'pending' | 'delivered' | 'failed';
  /** Tries so far. */
  attemptCount: number;
  /** The last try's answer. */
  statusCode: number | null;
  error: string | null;
  responseExcerpt: string | null;
  createdAt: string;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
  finishedAt: string | null;
  /** The most recent tries, newest first. */
  attempts: WebhookAttempt[];
};
