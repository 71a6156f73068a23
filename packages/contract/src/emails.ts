import { caseKinds, fieldSchemas } from '@casehub/case-document';
import { z } from 'zod';

export const emailAddressValue = z.object({ name: z.string(), address: z.string() });
export type EmailAddressValue = z.infer<typeof emailAddressValue>;

/** POST /api/cases/<id>/emails and POST /api/triage/emails (201, or 200 with `duplicate: true`). */
export const emailIngestResponse = z.object({
  emailId: z.string(),
  /** Null while the email waits in the triage queue. */
  activityId: z.string().nullable(),
  threadId: z.string(),
  caseId: z.string().nullable(),
  duplicate: z.boolean(),
  /** Why the message could not be parsed; it is kept raw all the same. */
  parseError: z.string().nullable(),
});
export type EmailIngestResponse = z.infer<typeof emailIngestResponse>;

export const emailAttachment = z.object({
  fileId: z.string(),
  name: z.string(),
  contentType: z.string(),
  size: z.number(),
});
export type EmailAttachment = z.infer<typeof emailAttachment>;

export const emailHeaders = z.object({
  subject: z.string(),
  from: emailAddressValue.nullable(),
  to: z.array(emailAddressValue),
  cc: z.array(emailAddressValue),
  /** ISO-8601; null when the message has no readable Date. */
  date: z.string().nullable(),
  messageId: z.string().nullable(),
  inReplyTo: z.string().nullable(),
  references: z.array(z.string()),
});
export type EmailHeaders = z.infer<typeof emailHeaders>;

export const sendStatus = z.enum(['queued', 'sent', 'failed']);

/** GET /api/emails/<id>. `html` is sanitized; remote images wait in `data-remote-src`. */
/** Whether a sender is who From says (issue 13.7): the verdict stored on the email and shown with it. */
export const senderAuth = z.object({
  verdict: z.enum(['pass', 'fail', 'none']),
  spf: z.string().nullable(),
  dkim: z.string().nullable(),
  dmarc: z.string().nullable(),
  /** In words, for the entry and the triage reason: "DMARC failed for example.com". */
  reason: z.string(),
  /** Who checked: our SMTP server, or the receiving server's Authentication-Results header (IMAP). */
  via: z.enum(['smtp', 'header']),
});
export type SenderAuth = z.infer<typeof senderAuth>;

export const emailDetail = z.object({
  id: z.string(),
  caseId: z.string().nullable(),
  threadId: z.string(),
  activityId: z.string().nullable(),
  direction: z.enum(['inbound', 'outbound']),
  headers: emailHeaders,
  text: z.string(),
  html: z.string().nullable(),
  attachments: z.array(emailAttachment),
  parseError: z.string().nullable(),
  sendStatus: sendStatus.nullable(),
  sendError: z.string().nullable(),
  rawSize: z.number(),
  createdAt: z.string(),
  /** Inbound, for the team only (null for guests): who owns it and how routing placed it. */
  assigneeId: z.string().nullable().optional(),
  routing: z.object({ how: z.string(), ruleId: z.string().nullable(), reason: z.string() }).nullable().optional(),
  /**
   * Inbound (issue 13.7): whether the sender is who From says, by SPF, DKIM and DMARC (`via` smtp: our
   * server checked; `header`: the mailbox's server did); null when never checked (an upload).
   */
  senderAuth: senderAuth.nullable().optional(),
  /** Inbound mail no person wrote (issue 13.8): a bounce, an automatic reply, bulk mail; null otherwise. */
  automatic: z.enum(['bounce', 'auto-reply', 'bulk']).nullable().optional(),
});
export type EmailDetail = z.infer<typeof emailDetail>;

/** GET /api/threads/<threadId>: the conversation you may see, oldest first. */
export const emailThread = z.object({ threadId: z.string(), emails: z.array(emailDetail) });
export type EmailThread = z.infer<typeof emailThread>;

/** POST /api/cases/<id>/emails/import (multipart, one or many `file` fields: .eml or .mbox). */
export const emailImportResponse = z.object({
  imported: z.array(
    z.object({ name: z.string(), emailId: z.string(), activityId: z.string().nullable(), threadId: z.string(), parseError: z.string().nullable() }),
  ),
  duplicates: z.array(z.object({ name: z.string(), emailId: z.string() })),
  failed: z.array(z.object({ name: z.string(), reason: z.string() })),
});
export type EmailImportResponse = z.infer<typeof emailImportResponse>;

/**
 * [issue 20.9] A large upload is imported as a job: POST .../emails/import
 * answers 202 with it, and GET /api/cases/<id>/emails/imports/<importId>
 * shows its progress. `processed` = imported + duplicates + failed, of
 * `total`; `failures` holds the first 100 reasons.
 */
export const emailImportJob = z.object({
  id: z.string(),
  caseId: z.string(),
  state: z.enum(['queued', 'running', 'done', 'cancelled', 'failed']),
  total: z.number(),
  processed: z.number(),
  imported: z.number(),
  duplicates: z.number(),
  failed: z.number(),
  failures: z.array(z.object({ name: z.string(), reason: z.string() })),
  files: z.array(z.object({ name: z.string(), size: z.number(), messages: z.number() })),
  error: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type EmailImportJob = z.infer<typeof emailImportJob>;
export const emailImportStarted = z.object({ import: emailImportJob });
export const emailImportList = z.object({ imports: z.array(emailImportJob) });

export const emailSummary = z.object({
  id: z.string(),
  subject: z.string(),
  from: emailAddressValue.nullable(),
  date: z.string().nullable(),
  snippet: z.string(),
  attachments: z.number(),
  parseError: z.string().nullable(),
  createdAt: z.string(),
});
export type EmailSummary = z.infer<typeof emailSummary>;

export const triageListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  /** `spam`: the messages marked as spam instead (to take one back). */
  view: z.enum(['inbox', 'spam']).default('inbox'),
});
/** A message waiting in triage, newest first (issue 21.6). */
export const triageEmail = emailSummary.extend({
  threadId: z.string(),
  /** Who routing handed it to (null: nobody), and its recorded decision in words. */
  assigneeId: z.string().nullable(),
  reason: z.string().nullable(),
  /** When it was marked as spam; null in the inbox view. */
  spamAt: z.string().nullable(),
});
export type TriageEmail = z.infer<typeof triageEmail>;
export const triageListResponse = z.object({ emails: z.array(triageEmail) });
export type TriageListResponse = z.infer<typeof triageListResponse>;
/** GET /api/triage/count: messages waiting in triage, spam left out (the navigation's badge). */
export const triageCountResponse = z.object({ count: z.number().int() });

export const triageFileInput = z.object({ caseId: z.string().min(1).max(64) });
export const triageFileResponse = z.object({
  emailId: z.string(),
  caseId: z.string(),
  activityId: z.string(),
  threadId: z.string(),
  /** Other messages of its thread that waited in triage and were filed with it, oldest first. */
  alsoFiled: z.array(z.string()),
});
export type TriageFileResponse = z.infer<typeof triageFileResponse>;
/** POST /api/triage/emails/<id>/case: a new case from the message; the title defaults to its subject. */
export const triageCaseInput = z.object({
  title: fieldSchemas.title.optional(),
  kind: z.enum(caseKinds).default('support'),
});
export const triageSpamResponse = z.object({ emailId: z.string(), spam: z.boolean() });

export const emailReplyInput = z.object({
  text: z.string().trim().min(1, 'must not be empty').max(200_000),
});
export type EmailReplyInput = z.infer<typeof emailReplyInput>;

/** One or more recipients: `a@b.c`, `Name <a@b.c>`, a comma-separated list of them, or an array. */
const recipients = z.union([z.string().max(10_000), z.array(z.string().max(1000)).max(100)]);

/** POST /api/cases/<id>/emails/send (DESIGN §10): a new email from the case. */
export const emailSendInput = z.object({
  /** A connected mailbox to send through; without one, the server's SMTP_URL from the case address. */
  mailboxId: z.string().max(64).optional(),
  to: recipients,
  cc: recipients.optional(),
  bcc: recipients.optional(),
  subject: z.string().trim().min(1, 'must not be empty').max(998),
  text: z.string().min(1, 'must not be empty').max(200_000),
  html: z.string().max(200_000).optional(),
  /** Files of this case to attach. */
  fileIds: z.array(z.string().max(64)).max(20).optional(),
  /** The id of an email of this case that this one answers (it joins that thread), or its Message-ID. */
  inReplyTo: z.string().max(998).optional(),
  /** The draft of the case's team document this was written in: it goes with the send, in the same change as the stream entry (a draft sent already is a 409). */
  draftId: z.string().max(64).optional(),
});
export type EmailSendInput = z.infer<typeof emailSendInput>;

export const emailReplyResponse = z.object({
  emailId: z.string(),
  activityId: z.string(),
  threadId: z.string(),
  sendStatus,
});

export const outboxItem = z.object({
  emailId: z.string(),
  activityId: z.string().nullable(),
  threadId: z.string(),
  subject: z.string(),
  to: z.array(emailAddressValue),
  sendStatus,
  sendError: z.string().nullable(),
  createdAt: z.string(),
});
export const outboxResponse = z.object({ emails: z.array(outboxItem) });
export type OutboxResponse = z.infer<typeof outboxResponse>;

export const mailAddressResponse = z.object({ address: z.string() });

/** Request bodies that are not JSON, as described in the OpenAPI document. */
export const rawEmailBody = z.string().describe('the raw RFC 5322 message (message/rfc822)');
export const emailImportForm = z.object({ file: z.string().describe('one or more .eml or .mbox files (binary), each in a field named "file"') });
