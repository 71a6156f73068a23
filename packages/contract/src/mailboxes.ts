import { z } from 'zod';
import { emailSchema } from './auth.js';

/** A host name or an IP address; where it may point is the server's to check (MAILBOX_ALLOW_PRIVATE). */
const host = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, 'enter the server name, e.g. imap.example.com')
  .max(253)
  .refine(
    (v) => /^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?)*\.?$/.test(v) || /^\[?[0-9a-f:.]+\]?$/.test(v),
    'must be a host name such as imap.example.com, or an IP address',
  );

/** One server of a mailbox: where, whether TLS from the start (993, 465), and who signs in. */
export const mailServerInput = z.object({
  host,
  port: z
    .number({ message: 'must be a port number' })
    .int('must be a whole number')
    .min(1, 'must be between 1 and 65535')
    .max(65535, 'must be between 1 and 65535'),
  /** TLS from the first byte (ports 993 and 465); false: plain, upgraded with STARTTLS when the server offers it. Default: by the port. */
  secure: z.boolean().optional(),
  user: z.string().min(1, 'enter the user name (often the address)').max(320),
  password: z.string().min(1, 'enter the password or app password').max(1024),
});
export type MailServerInput = z.infer<typeof mailServerInput>;

const folderName = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(255)
  .refine((v) => ![...v].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f), 'must not hold control characters');

/** `POST /api/mailboxes` (DESIGN §10) and `POST /api/mailboxes/test`. */
export const mailboxCreateInput = z.object({
  name: z.string().trim().min(1, 'give the mailbox a name, e.g. Support').max(100, 'must be at most 100 characters'),
  address: emailSchema,
  imap: mailServerInput,
  /** Without it, mail from the case through this mailbox is refused (SMTP_URL stays for the case address). */
  smtp: mailServerInput.optional(),
  /** Folders watched for incoming mail; INBOX when not given. */
  folders: z.array(folderName).min(1, 'watch at least one folder').max(20, 'at most 20 folders').optional(),
  /** The sent folder; found by its \Sent special-use flag when not given. */
  sentFolder: folderName.optional(),
  /** Days of mail brought in when first connected; MAILBOX_BACKFILL_DAYS (30) when not given. */
  backfillDays: z.number().int('must be a whole number').min(0).max(3650).optional(),
});
export type MailboxCreateInput = z.infer<typeof mailboxCreateInput>;

export const mailboxStatus = z.enum(['connecting', 'syncing', 'idle', 'error']);
export type MailboxStatus = z.infer<typeof mailboxStatus>;

export const mailboxCreated = z.object({ id: z.string(), status: mailboxStatus });

const serverSummary = z.object({ host: z.string(), port: z.number(), secure: z.boolean(), user: z.string() });

/** One mailbox as `GET /api/mailboxes` answers it: never a password. */
export const mailboxSummary = z.object({
  id: z.string(),
  name: z.string(),
  address: z.string(),
  status: mailboxStatus,
  /** The server's words when status is error (or the last failure before a retry). */
  lastError: z.string().nullable(),
  /** When it will try again, after an error (the wait doubles up to MAILBOX_RETRY_MAX_SECONDS). */
  retryAt: z.string().nullable(),
  lastSyncAt: z.string().nullable(),
  /** Messages read from it so far (new or already stored by another path). */
  messages: z.number(),
  /** While syncing: messages of this pass done out of how many. */
  progress: z.object({ done: z.number(), total: z.number() }).nullable(),
  imap: serverSummary,
  smtp: serverSummary.nullable(),
  folders: z.array(z.string()),
  /** As given, or as found by its \Sent flag; null until known. */
  sentFolder: z.string().nullable(),
  backfillDays: z.number(),
  createdAt: z.string(),
});
export type MailboxSummary = z.infer<typeof mailboxSummary>;
export const mailboxList = z.object({ mailboxes: z.array(mailboxSummary) });
export type MailboxList = z.infer<typeof mailboxList>;

/** Where a connection test stopped: the name lookup, the TCP connection, TLS, signing in, or a folder. */
export const mailboxTestStage = z.enum(['dns', 'connect', 'tls', 'login', 'folder']);
export type MailboxTestStage = z.infer<typeof mailboxTestStage>;

export const mailboxTestResult = z.object({
  ok: z.boolean(),
  /** Which server failed, and where; null when all went well. */
  failed: z.object({ server: z.enum(['imap', 'smtp']), stage: mailboxTestStage }).nullable(),
  /** What happened, with the server's own words on failure. */
  message: z.string(),
  /** The folders the IMAP server lists (when signing in worked). */
  folders: z.array(z.string()),
  sentFolder: z.string().nullable(),
});
export type MailboxTestResult = z.infer<typeof mailboxTestResult>;

/** `GET /api/mailboxes/senders`: the mailboxes a member may send a case's email through (those with SMTP); no servers, no secrets. */
export const mailboxSenders = z.object({ mailboxes: z.array(z.object({ id: z.string(), name: z.string(), address: z.string() })) });
export type MailboxSenders = z.infer<typeof mailboxSenders>;
