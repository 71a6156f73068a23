import { z } from 'zod';
import { expectationStatuses } from '@casehub/case-document';
import { empty, json } from '../../lib/api';

/**
 * Expectations (promises to the customer) and notifications (issue 5).
 * The contract package has no schemas for these yet; they live here.
 */

export const expectationStatus = z.enum(expectationStatuses);

export const expectationRow = z.object({
  id: z.string(),
  caseId: z.string(),
  caseTitle: z.string(),
  account: z.string().nullable().optional(),
  side: z.string(),
  text: z.string(),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  promisedTo: z.string().nullable(),
  dueAt: z.string(),
  status: expectationStatus,
});
export type ExpectationRow = z.infer<typeof expectationRow>;
const listResponse = z.object({ expectations: z.array(expectationRow) });

const rate = z.object({ kept: z.number(), total: z.number(), rate: z.number().nullable() });
export const expectationStats = z.object({
  overall: rate,
  byOwner: z.array(rate.extend({ ownerId: z.string().nullable(), name: z.string().nullable() })),
  byAccount: z.array(rate.extend({ account: z.string().nullable() })),
});
export type ExpectationStats = z.infer<typeof expectationStats>;

export const expectationViews = ['week', 'at-risk', 'missed', 'open', 'all'] as const;
export type ExpectationView = (typeof expectationViews)[number];

export interface NewExpectation {
  text: string;
  ownerId?: string | null;
  promisedTo?: string;
  /** ISO-8601 with an offset. */
  dueAt: string;
  sourceActivityId?: string;
  shared?: boolean;
}

export interface ExpectationEdit {
  text?: string;
  /** ISO-8601 with an offset. */
  dueAt?: string;
  ownerId?: string | null;
}

export const notification = z.object({
  id: z.string(),
  kind: z.string(),
  caseId: z.string().nullable(),
  activityId: z.string().nullable(),
  text: z.string(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type Notification = z.infer<typeof notification>;
const notificationsResponse = z.object({ unread: z.number(), notifications: z.array(notification) });
export type NotificationsResponse = z.infer<typeof notificationsResponse>;

const created = z.object({ expectationId: z.string(), side: z.string() });
const enc = encodeURIComponent;

export const expectationsApi = {
  create: (caseId: string, input: NewExpectation) => json(created, 'POST', `/api/cases/${enc(caseId)}/expectations`, input),
  setStatus: (caseId: string, id: string, status: z.infer<typeof expectationStatus>) =>
    empty('PATCH', `/api/cases/${enc(caseId)}/expectations/${enc(id)}`, { status }),
  /** Changes a promise's text, due time or owner (only the fields given). */
  update: (caseId: string, id: string, patch: ExpectationEdit) => empty('PATCH', `/api/cases/${enc(caseId)}/expectations/${enc(id)}`, patch),
  list: async (view: ExpectationView, signal?: AbortSignal) =>
    (await json(listResponse, 'GET', `/api/expectations?view=${view}`, undefined, signal)).expectations,
  stats: (signal?: AbortSignal) => json(expectationStats, 'GET', '/api/expectations/stats', undefined, signal),

  notifications: (signal?: AbortSignal) => json(notificationsResponse, 'GET', '/api/notifications', undefined, signal),
  markRead: (id: string) => empty('POST', `/api/notifications/${enc(id)}/read`),
  markAllRead: () => empty('POST', '/api/notifications/read-all'),
};
