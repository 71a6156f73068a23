import type { ActivityEntry, CaseFields } from '@casehub/case-document';
import { slackLine, type WebhookEvent } from './events.js';

/**
 * What each event carries (DESIGN §10): ids, and enough to act on without
 * calling back. Built from what the change itself wrote; never more than the
 * team side of the case shows (its creator's access is checked per webhook).
 */

export function caseCreated(c: CaseFields & { id: string; workspaceId: string; private: boolean; createdBy: string; createdAt: Date }): WebhookEvent {
  const { workspaceId, createdAt, ...rest } = c;
  return { workspaceId, type: 'case.created', caseId: c.id, data: { caseId: c.id, case: { ...rest, createdAt: createdAt.toISOString() } }, slack: null };
}

/** The field columns of a case's index row. */
export const pickFields = <R extends Record<keyof CaseFields, unknown>>(row: R): Pick<R, keyof CaseFields> => ({
  title: row.title,
  kind: row.kind,
  stage: row.stage,
  priority: row.priority,
  ownerId: row.ownerId,
  account: row.account,
  value: row.value,
  currency: row.currency,
  closeDate: row.closeDate,
});

export function caseUpdated(
  c: { id: string; workspaceId: string; private: boolean },
  fields: Record<keyof CaseFields, unknown>,
  changed: string[],
  custom: Record<string, unknown> = {},
): WebhookEvent {
  return {
    workspaceId: c.workspaceId,
    type: 'case.updated',
    caseId: c.id,
    data: { caseId: c.id, changed, case: { id: c.id, private: c.private, ...fields, custom } },
    slack: null,
  };
}

export function activityCreated(
  workspaceId: string,
  caseId: string,
  side: 'team' | 'shared',
  id: string,
  entry: ActivityEntry,
  bodyText: string,
): WebhookEvent {
  return {
    workspaceId,
    type: 'activity.created',
    caseId,
    data: {
      caseId,
      activityId: id,
      activity: {
        id,
        side,
        kind: entry.kind,
        at: entry.at,
        actorId: entry.actorId,
        actorName: entry.actorName,
        summary: entry.summary,
        text: bodyText.slice(0, 10_000),
        emailId: entry.emailId ?? null,
        fileId: entry.fileId ?? null,
        threadId: entry.threadId ?? null,
        direction: entry.direction ?? null,
      },
    },
    slack: null,
  };
}

export type EmailFacts = {
  id: string;
  workspaceId: string;
  caseId: string | null;
  threadId: string;
  activityId: string | null;
  messageId: string | null;
  subject: string | null;
  fromAddress: string | null;
  fromName: string | null;
  to: Array<{ name: string; address: string }> | null;
  cc: Array<{ name: string; address: string }> | null;
  sentAt: Date | null;
  textBody: string | null;
};

const emailData = (e: EmailFacts) => ({
  emailId: e.id,
  caseId: e.caseId,
  threadId: e.threadId,
  activityId: e.activityId,
  email: {
    id: e.id,
    messageId: e.messageId,
    subject: e.subject ?? '',
    from: { address: e.fromAddress ?? '', name: e.fromName ?? '' },
    to: e.to ?? [],
    cc: e.cc ?? [],
    sentAt: e.sentAt?.toISOString() ?? null,
    // The text part, cut: enough to triage without fetching the message.
    text: (e.textBody ?? '').slice(0, 20_000),
  },
});

export function emailReceived(e: EmailFacts, extra: { parseError: string | null; assigneeId: string | null }): WebhookEvent {
  return {
    workspaceId: e.workspaceId,
    type: 'email.received',
    caseId: e.caseId,
    data: { ...emailData(e), parseError: extra.parseError, assigneeId: extra.assigneeId },
    slack: null,
  };
}

export function emailSent(e: EmailFacts): WebhookEvent {
  return { workspaceId: e.workspaceId, type: 'email.sent', caseId: e.caseId, data: emailData(e), slack: null };
}

export function momentOfTruth(e: EmailFacts & { caseId: string }, flag: { score: number | null; signals: string[]; caseTitle: string | null }): WebhookEvent {
  const sender = e.fromName || e.fromAddress || 'a customer';
  return {
    workspaceId: e.workspaceId,
    type: 'moment_of_truth.flagged',
    caseId: e.caseId,
    data: { ...emailData(e), score: flag.score, signals: flag.signals },
    slack: slackLine({
      emoji: ':rotating_light:',
      headline: 'Moment of truth',
      caseTitle: flag.caseTitle,
      detail: `${sender} wrote “${e.subject || '(no subject)'}”${flag.signals.length ? ` (${flag.signals.slice(0, 5).join(', ')})` : ''}`,
    }),
  };
}

export type ExpectationFacts = {
  id: string;
  side: 'team' | 'shared';
  text: string;
  ownerId: string | null;
  promisedTo: string | null;
  dueAt: Date;
  status: string;
};

export function expectationUpdated(
  workspaceId: string,
  caseId: string,
  e: ExpectationFacts,
  previousStatus: string | null,
  caseTitle: string | null,
): WebhookEvent {
  const missedNow = e.status === 'missed' && previousStatus !== 'missed';
  return {
    workspaceId,
    type: 'expectation.updated',
    caseId,
    data: {
      caseId,
      expectationId: e.id,
      previousStatus,
      expectation: { id: e.id, side: e.side, text: e.text, ownerId: e.ownerId, promisedTo: e.promisedTo, dueAt: e.dueAt.toISOString(), status: e.status },
    },
    slack: missedNow
      ? slackLine({
          emoji: ':warning:',
          headline: 'Promise missed',
          caseTitle,
          detail: `“${e.text}”${e.promisedTo ? ` to ${e.promisedTo}` : ''}, due ${e.dueAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
        })
      : null,
  };
}

export function guestJoined(
  workspaceId: string,
  caseId: string,
  guest: { id: string; name: string; email: string; access: string },
  inviteId: string,
): WebhookEvent {
  return {
    workspaceId,
    type: 'guest.joined',
    caseId,
    data: { caseId, inviteId, guest: { userId: guest.id, name: guest.name, email: guest.email, access: guest.access } },
    slack: null,
  };
}

/** A breached first-response time: a Slack line only (the stream line it adds is an activity.created). */
export function responseBreached(workspaceId: string, caseId: string, text: string, caseTitle: string | null): WebhookEvent {
  return {
    workspaceId,
    type: 'activity.created',
    caseId,
    data: {},
    slack: slackLine({ emoji: ':hourglass:', headline: 'Response time breached', caseTitle, detail: text }),
    slackOnly: true,
  };
}
