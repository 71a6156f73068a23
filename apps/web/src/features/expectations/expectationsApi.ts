import type { ExpectationStatus } from '@casehub/case-document';
import { call } from '../../lib/api';

export type { ExpectationRow, ExpectationStats, Notification, NotificationList as NotificationsResponse } from '@casehub/contract';

/** Expectations (promises to the customer) and notifications (issue 5). */

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

export const expectationsApi = {
  create: (id: string, body: NewExpectation) => call('POST /api/cases/{id}/expectations', { params: { id }, body }),
  setStatus: (id: string, eid: string, status: ExpectationStatus) =>
    call('PATCH /api/cases/{id}/expectations/{eid}', { params: { id, eid }, body: { status } }),
  /** Changes a promise's text, due time or owner (only the fields given). */
  update: (id: string, eid: string, body: ExpectationEdit) => call('PATCH /api/cases/{id}/expectations/{eid}', { params: { id, eid }, body }),
  list: async (view: ExpectationView, signal?: AbortSignal) => (await call('GET /api/expectations', { query: { view }, signal })).expectations,
  stats: (signal?: AbortSignal) => call('GET /api/expectations/stats', { signal }),

  notifications: (signal?: AbortSignal) => call('GET /api/notifications', { signal }),
  markRead: (id: string) => call('POST /api/notifications/{id}/read', { params: { id } }),
  markAllRead: () => call('POST /api/notifications/read-all'),
};
