import type { SenderAuth } from '@casehub/contract';
import { sql } from 'drizzle-orm';
import {
  bigserial,
  bigint,
  boolean,
  customType,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
});

/** A stored full-text vector; kept under PostgreSQL's 1 MB tsvector limit by capping the text fed to it. */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/** A point in time, always with its time zone. */
const timestamptz = (column: string) => timestamp(column, { withTimezone: true });
const createdAt = () => timestamptz('created_at').notNull().defaultNow();
/** The workspace, case or person a row belongs to: required, and the row goes when they go. */
const workspaceId = () =>
  text('workspace_id')
    .notNull()
    .references(() => workspaces.id, { onDelete: 'cascade' });
const caseId = () =>
  text('case_id')
    .notNull()
    .references(() => cases.id, { onDelete: 'cascade' });
const userId = (column = 'user_id') =>
  text(column)
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' });

export const users = pgTable(
  'users',
  {
    id: text('id').primaryKey(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    createdAt: createdAt(),
    /** Two-factor sign-in (issue 14.2): the TOTP secret (base32), set at enrolment, live once confirmed. */
    totpSecret: text('totp_secret'),
    totpEnabledAt: timestamptz('totp_enabled_at'),
    /** The last time step a code was accepted for: a code is good once (replay protection). */
    totpLastStep: bigint('totp_last_step', { mode: 'number' }),
  },
  (t) => [uniqueIndex('users_email_key').on(t.email)],
);

/** Single-use recovery codes for two-factor sign-in; only their SHA-256 is kept. */
export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    userId: userId(),
    codeHash: text('code_hash').notNull(),
    usedAt: timestamptz('used_at'),
  },
  (t) => [primaryKey({ columns: [t.userId, t.codeHash] })],
);

/**
 * A sign-in that passed its password (or single sign-on) and waits for the
 * second factor: the browser holds a secret whose SHA-256 is the key; five
 * minutes, five codes.
 */
export const loginChallenges = pgTable('login_challenges', {
  idHash: text('id_hash').primaryKey(),
  userId: userId(),
  workspaceId: workspaceId(),
  createdAt: createdAt(),
  expiresAt: timestamptz('expires_at').notNull(),
  attempts: bigint('attempts', { mode: 'number' }).notNull().default(0),
});

/** A person's identity at an OpenID provider (issuer + subject), bound to their account. */
export const userIdentities = pgTable(
  'user_identities',
  {
    issuer: text('issuer').notNull(),
    subject: text('subject').notNull(),
    userId: userId(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.issuer, t.subject] }), index('user_identities_user_idx').on(t.userId)],
);

/** A single sign-on on its way: the state's SHA-256 keys the PKCE verifier and nonce for ten minutes. */
export const oidcLogins = pgTable('oidc_logins', {
  stateHash: text('state_hash').primaryKey(),
  codeVerifier: text('code_verifier').notNull(),
  nonce: text('nonce').notNull(),
  returnTo: text('return_to').notNull(),
  createdAt: createdAt(),
  expiresAt: timestamptz('expires_at').notNull(),
});

export const workspaces = pgTable('workspaces', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  createdAt: createdAt(),
  /** Sign-in rules the owner sets (issue 14): every member must use two-factor sign-in; members sign in only by SSO; email domains whose SSO users may join. */
  require2fa: boolean('require_2fa').notNull().default(false),
  ssoOnly: boolean('sso_only').notNull().default(false),
  ssoDomains: jsonb('sso_domains').$type<string[]>().notNull().default([]),
});

export const memberships = pgTable(
  'memberships',
  {
    workspaceId: workspaceId(),
    userId: userId(),
    role: text('role', { enum: ['owner', 'admin', 'member', 'guest'] }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.userId] }), index('memberships_user_idx').on(t.userId)],
);

/** Server-side sessions; the cookie carries a secret whose SHA-256 is the id. */
export const sessions = pgTable(
  'sessions',
  {
    idHash: text('id_hash').primaryKey(),
    /** What the person sees and names in "sign out this session"; never the secret or its hash. */
    publicId: text('public_id')
      .notNull()
      .default(sql`gen_random_uuid()::text`),
    userId: userId(),
    workspaceId: workspaceId(),
    createdAt: createdAt(),
    lastSeenAt: timestamptz('last_seen_at').notNull().defaultNow(),
    expiresAt: timestamptz('expires_at').notNull(),
    /** The browser's User-Agent and the client address at sign-in, to tell sessions apart. */
    userAgent: text('user_agent').notNull().default(''),
    address: text('address').notNull().default(''),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const apiTokens = pgTable(
  'api_tokens',
  {
    id: text('id').primaryKey(),
    tokenHash: text('token_hash').notNull(),
    userId: userId(),
    workspaceId: workspaceId(),
    name: text('name').notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamptz('last_used_at'),
    revokedAt: timestamptz('revoked_at'),
    /** `read` tokens may only read (GET over HTTP, read-only sockets); `read-write` may do what their person may. */
    scope: text('scope', { enum: ['read', 'read-write'] })
      .notNull()
      .default('read-write'),
    expiresAt: timestamptz('expires_at'),
  },
  (t) => [uniqueIndex('api_tokens_hash_key').on(t.tokenHash)],
);

/**
 * Password reset links (issue 14.1, DESIGN §10): the link carries a secret
 * whose SHA-256 is stored; single use, valid one hour.
 */
export const passwordResets = pgTable(
  'password_resets',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: userId(),
    createdAt: createdAt(),
    expiresAt: timestamptz('expires_at').notNull(),
    usedAt: timestamptz('used_at'),
    /** Who asked: null for the person themselves, else the admin who issued the link. */
    issuedBy: text('issued_by'),
  },
  (t) => [index('password_resets_user_idx').on(t.userId)],
);

export const invites = pgTable(
  'invites',
  {
    id: text('id').primaryKey(),
    tokenHash: text('token_hash').notNull(),
    workspaceId: workspaceId(),
    email: text('email').notNull(),
    role: text('role', { enum: ['member', 'guest'] }).notNull(),
    caseId: text('case_id'),
    access: text('access', { enum: ['editor', 'commenter', 'viewer'] }),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
    expiresAt: timestamptz('expires_at').notNull(),
    acceptedAt: timestamptz('accepted_at'),
    acceptedBy: text('accepted_by'),
    revokedAt: timestamptz('revoked_at'),
  },
  (t) => [uniqueIndex('invites_token_hash_key').on(t.tokenHash)],
);

/** The case index: a projection of each case's `fields`, for lists and filters. */
export const cases = pgTable(
  'cases',
  {
    id: text('id').primaryKey(),
    workspaceId: workspaceId(),
    title: text('title').notNull(),
    kind: text('kind', { enum: ['deal', 'support'] }).notNull(),
    stage: text('stage').notNull(),
    priority: text('priority').notNull(),
    ownerId: text('owner_id'),
    account: text('account').notNull().default(''),
    value: doublePrecision('value'),
    currency: text('currency').notNull().default('USD'),
    closeDate: text('close_date'),
    /** [issue 17.3] Custom field values that fit their definitions, by field id (the document's `cf:<id>` keys), for lists and filters. */
    custom: jsonb('custom').$type<Record<string, unknown>>().notNull().default({}),
    private: boolean('private').notNull().default(false),
    /** [issue 17.5] Merged into that case: hidden from lists, GET answers where it went. Null while it stands on its own. */
    mergedInto: text('merged_into'),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('cases_workspace_updated_idx').on(t.workspaceId, t.updatedAt),
    index('cases_title_search_idx').using('gin', sql`to_tsvector('simple', ${t.title})`),
  ],
);

export const caseMembers = pgTable(
  'case_members',
  {
    caseId: caseId(),
    userId: userId(),
    access: text('access', { enum: ['editor', 'commenter', 'viewer'] }).notNull(),
    role: text('role'),
    addedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.userId] }), index('case_members_user_idx').on(t.userId)],
);

/** Append-only log of Yjs updates per document (DESIGN.md §4). */
export const docUpdates = pgTable(
  'doc_updates',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    docName: text('doc_name').notNull(),
    data: bytea('data').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('doc_updates_doc_idx').on(t.docName, t.id)],
);

/** A merged state of a document covering every log entry up to `uptoId`. */
export const docSnapshots = pgTable('doc_snapshots', {
  docName: text('doc_name').primaryKey(),
  data: bytea('data').notNull(),
  uptoId: bigint('upto_id', { mode: 'number' }).notNull(),
  updatedAt: timestamptz('updated_at').notNull().defaultNow(),
});

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workspaceId: text('workspace_id'),
    actorId: text('actor_id'),
    action: text('action').notNull(),
    subjectId: text('subject_id'),
    data: jsonb('data'),
    at: timestamptz('at').notNull().defaultNow(),
  },
  (t) => [index('audit_log_workspace_idx').on(t.workspaceId, t.at)],
);

/**
 * Emails, one row per distinct message per workspace. The raw source is kept
 * in the blob store (`rawSha256`); a message that could not be parsed keeps
 * its raw source and says why in `parseError`.
 */
export const emails = pgTable(
  'emails',
  {
    id: text('id').primaryKey(),
    workspaceId: workspaceId(),
    /** Null while the message waits in the triage queue. */
    caseId: text('case_id').references(() => cases.id, { onDelete: 'set null' }),
    threadId: text('thread_id').notNull(),
    activityId: text('activity_id'),
    direction: text('direction', { enum: ['inbound', 'outbound'] }).notNull(),
    /** Outbound only: queued → sent, or failed (kept in the outbox with its error). */
    sendStatus: text('send_status', { enum: ['queued', 'sent', 'failed'] }),
    sendError: text('send_error'),
    messageId: text('message_id'),
    inReplyTo: text('in_reply_to'),
    references: jsonb('references').$type<string[]>().notNull().default([]),
    subject: text('subject').notNull().default(''),
    fromAddress: text('from_address').notNull().default(''),
    fromName: text('from_name').notNull().default(''),
    to: jsonb('to').$type<Array<{ name: string; address: string }>>().notNull().default([]),
    cc: jsonb('cc').$type<Array<{ name: string; address: string }>>().notNull().default([]),
    /** Outbound only: blind copies, for the envelope; never in the stored message, never shown to guests. */
    bcc: jsonb('bcc').$type<Array<{ name: string; address: string }>>().notNull().default([]),
    sentAt: timestamptz('sent_at'),
    textBody: text('text_body').notNull().default(''),
    /** Sanitized on the server; still shown only in a sandboxed frame. */
    html: text('html'),
    /** The words of `html` (html-to-text, bounded), so an HTML part is searched too; null without one. */
    htmlText: text('html_text'),
    rawSha256: text('raw_sha256').notNull(),
    rawSize: bigint('raw_size', { mode: 'number' }).notNull(),
    /** message-id, or the raw source's hash when there is none: the same message is stored once. */
    dedupeKey: text('dedupe_key').notNull(),
    parseError: text('parse_error'),
    /** Inbound: who owns the message, and how routing decided where it went (recorded on arrival). */
    assigneeId: text('assignee_id'),
    routing: jsonb('routing').$type<{ how: string; reason: string; ruleId: string | null }>(),
    /** Triage only (issue 21.6): marked as spam, so hidden from the triage list until someone takes it back (audited). */
    spamAt: timestamptz('spam_at'),
    createdBy: text('created_by'),
    /** The connected mailbox it came in through or went out by (issue 13); null for every other path, or once disconnected. */
    mailboxId: text('mailbox_id'),
    /** Inbound: the sender's own words, quoted history and signature taken away (issue 13.7), what moments of truth score; null for mail stored before. */
    ownText: text('own_text'),
    /** Inbound: whether the sender is who From says (SPF, DKIM, DMARC; issue 13.7); null when never checked (an upload). */
    senderAuth: jsonb('sender_auth').$type<SenderAuth>(),
    /** A bounce, automatic reply or bulk mail (issue 13.8): no clock, no moment of truth. */
    automatic: text('automatic', { enum: ['bounce', 'auto-reply', 'bulk'] }),
    createdAt: createdAt(),
    search: tsvector('search').generatedAlwaysAs(
      sql`to_tsvector('simple', coalesce(subject, '') || ' ' || coalesce(from_name, '') || ' ' || coalesce(from_address, '') || ' ' || left(coalesce(text_body, ''), 200000) || ' ' || left(coalesce(html_text, ''), 200000))`,
    ),
  },
  (t) => [
    uniqueIndex('emails_dedupe_key').on(t.workspaceId, t.dedupeKey),
    index('emails_case_idx').on(t.caseId, t.sentAt),
    index('emails_thread_idx').on(t.workspaceId, t.threadId),
    index('emails_message_id_idx').on(t.workspaceId, t.messageId),
    index('emails_search_idx').using('gin', t.search),
    // The triage list and its count, asked by every member's navigation (issue 21.6).
    index('emails_triage_idx')
      .on(t.workspaceId, t.createdAt)
      .where(sql`${t.caseId} is null`),
  ],
);

/** Uploaded files and email attachments; bytes live in the blob store by SHA-256. */
export const files = pgTable(
  'files',
  {
    id: text('id').primaryKey(),
    workspaceId: workspaceId(),
    caseId: text('case_id').references(() => cases.id, { onDelete: 'set null' }),
    emailId: text('email_id').references(() => emails.id, { onDelete: 'cascade' }),
    activityId: text('activity_id'),
    name: text('name').notNull(),
    contentType: text('content_type').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    /** pending → done, or a reason the text could not be had. */
    textStatus: text('text_status', {
      enum: ['pending', 'done', 'none', 'no-text-layer', 'encrypted', 'corrupt', 'too-large', 'timeout', 'failed'],
    })
      .notNull()
      .default('none'),
    textReason: text('text_reason'),
    text: text('text'),
    pages: bigint('pages', { mode: 'number' }),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    search: tsvector('search').generatedAlwaysAs(sql`to_tsvector('simple', coalesce(name, '') || ' ' || left(coalesce(text, ''), 400000))`),
  },
  (t) => [index('files_case_idx').on(t.caseId, t.createdAt), index('files_email_idx').on(t.emailId), index('files_search_idx').using('gin', t.search)],
);

/**
 * The activity streams, projected out of the case documents for search and
 * reporting. Rebuildable: every row comes from an entry of a document.
 */
export const activityIndex = pgTable(
  'activity_index',
  {
    caseId: caseId(),
    activityId: text('activity_id').notNull(),
    side: text('side', { enum: ['team', 'shared'] }).notNull(),
    workspaceId: text('workspace_id').notNull(),
    kind: text('kind').notNull(),
    at: timestamptz('at').notNull(),
    actorId: text('actor_id'),
    summary: text('summary').notNull(),
    bodyText: text('body_text').notNull().default(''),
    emailId: text('email_id'),
    fileId: text('file_id'),
    search: tsvector('search').generatedAlwaysAs(sql`to_tsvector('simple', summary || ' ' || left(body_text, 200000))`),
  },
  (t) => [
    primaryKey({ columns: [t.caseId, t.side, t.activityId] }),
    index('activity_index_case_at_idx').on(t.caseId, t.at),
    index('activity_index_search_idx').using('gin', t.search),
    index('activity_index_file_idx').on(t.fileId),
    index('activity_index_email_idx').on(t.emailId),
    // An entry by its id alone, whatever its case: a merge's moved entries are told apart from new ones (issue 17.5).
    index('activity_index_activity_idx').on(t.activityId),
  ],
);

/**
 * Durable background work (PDF text extraction, outbound mail). A job is
 * claimed with FOR UPDATE SKIP LOCKED and a lease, so a crash or a second node
 * never loses or double-runs it.
 */
export const jobs = pgTable(
  'jobs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind').notNull(),
    payload: jsonb('payload').notNull(),
    runAt: timestamptz('run_at').notNull().defaultNow(),
    attempts: bigint('attempts', { mode: 'number' }).notNull().default(0),
    maxAttempts: bigint('max_attempts', { mode: 'number' }).notNull().default(5),
    lockedUntil: timestamptz('locked_until'),
    lastError: text('last_error'),
    doneAt: timestamptz('done_at'),
    createdAt: createdAt(),
  },
  (t) => [index('jobs_due_idx').on(t.doneAt, t.runAt)],
);

/** Expectations projected out of the case documents, for the workspace view and the clock. */
export const expectationIndex = pgTable(
  'expectation_index',
  {
    caseId: caseId(),
    side: text('side', { enum: ['team', 'shared'] }).notNull(),
    expectationId: text('expectation_id').notNull(),
    workspaceId: text('workspace_id').notNull(),
    text: text('text').notNull(),
    ownerId: text('owner_id'),
    promisedTo: text('promised_to').notNull().default(''),
    /** DESIGN §3 `side`: we promised (`team`, what kept-promise rates count) or the customer did. */
    promiseSide: text('promise_side', { enum: ['team', 'customer'] })
      .notNull()
      .default('team'),
    dueAt: timestamptz('due_at').notNull(),
    status: text('status', { enum: ['open', 'at-risk', 'met', 'missed'] }).notNull(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.caseId, t.side, t.expectationId] }),
    index('expectation_index_due_idx').on(t.status, t.dueAt),
    index('expectation_index_workspace_idx').on(t.workspaceId, t.dueAt),
  ],
);

/**
 * The mutual plan's milestones that have a due date (issue 15.1), projected
 * from each shared document so the promise clock finds the steps coming due.
 * `notice` is the last warning given for the current due moment (`at-risk`,
 * `missed`); a new due moment clears it. The document's `status` is never
 * moved by the clock (DESIGN §3 keeps planned, in-progress, done).
 */
export const milestoneIndex = pgTable(
  'milestone_index',
  {
    caseId: caseId(),
    milestoneId: text('milestone_id').notNull(),
    workspaceId: text('workspace_id').notNull(),
    title: text('title').notNull(),
    dueAt: timestamptz('due_at'),
    status: text('status', { enum: ['planned', 'in-progress', 'done'] }).notNull(),
    notice: text('notice', { enum: ['at-risk', 'missed'] }),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.milestoneId] }), index('milestone_index_due_idx').on(t.status, t.dueAt)],
);

/** In-app notifications (an expectation turned at risk or missed, a moment of truth, ...). */
export const notifications = pgTable(
  'notifications',
  {
    id: text('id').primaryKey(),
    workspaceId: workspaceId(),
    userId: userId(),
    kind: text('kind').notNull(),
    caseId: text('case_id'),
    /**
     * Which document of the case it describes (issue 20.4): read access to it is
     * asked again whenever the notification is read. Null with no case: the
     * workspace itself (members only).
     */
    side: text('side', { enum: ['team', 'shared'] }),
    activityId: text('activity_id'),
    text: text('text').notNull(),
    createdAt: createdAt(),
    readAt: timestamptz('read_at'),
  },
  (t) => [index('notifications_user_idx').on(t.userId, t.createdAt)],
);

/**
 * Versions of the co-edited rich texts (a plan, a note body), captured at the
 * end of an editing session and every few minutes of activity. `state` is a
 * standalone Yjs document whose `plan` fragment holds a copy of the text, so a
 * version can be shown and restored without the document's history.
 */
export const docVersions = pgTable(
  'doc_versions',
  {
    id: text('id').primaryKey(),
    caseId: caseId(),
    side: text('side', { enum: ['team', 'shared'] }).notNull(),
    /** `plan`, or `note:<activityId>`. */
    target: text('target').notNull(),
    at: timestamptz('at').notNull().defaultNow(),
    /** User ids of the people whose changes this version is the first to hold. */
    authorIds: jsonb('author_ids').$type<string[]>().notNull(),
    state: bytea('state').notNull(),
    text: text('text').notNull(),
  },
  (t) => [index('doc_versions_target_idx').on(t.caseId, t.side, t.target, t.at)],
);

/** Companies the workspace deals with. `name` is what a case's `account` field holds. */
export const accounts = pgTable(
  'accounts',
  {
    id: text('id').primaryKey(),
    workspaceId: workspaceId(),
    name: text('name').notNull(),
    /** Email domains of the account's people (lower case), for matching mail from unknown senders. */
    domains: jsonb('domains').$type<string[]>().notNull().default([]),
    ownerId: text('owner_id'),
    tags: jsonb('tags').$type<string[]>().notNull().default([]),
    notes: text('notes').notNull().default(''),
    /** Set when this account was merged into another; merged rows are kept for history, hidden from lists. */
    mergedInto: text('merged_into'),
    createdAt: createdAt(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [index('accounts_workspace_name_idx').on(t.workspaceId, sql`lower(${t.name})`)],
);

/** People at accounts (customers, partners). */
export const contacts = pgTable(
  'contacts',
  {
    id: text('id').primaryKey(),
    workspaceId: workspaceId(),
    accountId: text('account_id').references(() => accounts.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    title: text('title').notNull().default(''),
    phone: text('phone').notNull().default(''),
    tags: jsonb('tags').$type<string[]>().notNull().default([]),
    notes: text('notes').notNull().default(''),
    mergedInto: text('merged_into'),
    createdAt: createdAt(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [index('contacts_workspace_idx').on(t.workspaceId, t.updatedAt), index('contacts_account_idx').on(t.accountId)],
);

/** Every address a contact writes from (lower case); an address belongs to one contact per workspace. */
export const contactEmails = pgTable(
  'contact_emails',
  {
    workspaceId: workspaceId(),
    address: text('address').notNull(),
    contactId: text('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    primary: boolean('primary').notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.address] }), index('contact_emails_contact_idx').on(t.contactId)],
);

/** A contact's role and influence on a case: the stakeholder map. */
export const caseContacts = pgTable(
  'case_contacts',
  {
    caseId: caseId(),
    contactId: text('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['decision-maker', 'champion', 'influencer', 'blocker', 'user'] }).notNull(),
    /** 1 (little) to 5 (decisive). */
    influence: bigint('influence', { mode: 'number' }).notNull().default(3),
    addedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.contactId] }), index('case_contacts_contact_idx').on(t.contactId)],
);

/** Filters a person saved over accounts or contacts ("EMEA champions"). */
export const savedFilters = pgTable(
  'saved_filters',
  {
    id: text('id').primaryKey(),
    workspaceId: workspaceId(),
    userId: userId(),
    target: text('target', { enum: ['accounts', 'contacts'] }).notNull(),
    name: text('name').notNull(),
    query: jsonb('query').$type<Record<string, string>>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('saved_filters_user_idx').on(t.workspaceId, t.userId)],
);

/**
 * Saved views of cases (issue 17.4): the case list's filters, sort, columns
 * (`title`, `stage`, … or `cf:<field id>` for a custom field: strings, so new
 * fields need no change here) and list or board. Personal, or shared with the
 * workspace. A view whose creator is gone stays if it was shared.
 */
export const savedViews = pgTable(
  'saved_views',
  {
    id: text('id').primaryKey(),
    workspaceId: workspaceId(),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    filters: jsonb('filters').$type<Record<string, string | Record<string, string | number | boolean>>>().notNull(),
    sort: text('sort').notNull(),
    sortOrder: text('sort_order', { enum: ['asc', 'desc'] }).notNull(),
    columns: jsonb('columns').$type<string[]>().notNull(),
    layout: text('layout', { enum: ['list', 'board'] }).notNull(),
    shared: boolean('shared').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [index('saved_views_creator_idx').on(t.workspaceId, t.createdBy), index('saved_views_shared_idx').on(t.workspaceId, t.shared)],
);

/** Named teams that routing hands messages to in turn (round-robin); `cursor` is the next turn. */
export const routingTeams = pgTable(
  'routing_teams',
  {
    id: text('id').primaryKey(),
    workspaceId: workspaceId(),
    name: text('name').notNull(),
    memberIds: jsonb('member_ids').$type<string[]>().notNull().default([]),
    cursor: bigint('cursor', { mode: 'number' }).notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('routing_teams_name_key').on(t.workspaceId, t.name)],
);

/** Routing rules, tried in `position` order after case address, thread and sender's contact. */
export const routingRules = pgTable(
  'routing_rules',
  {
    id: text('id').primaryKey(),
    workspaceId: workspaceId(),
    name: text('name').notNull(),
    position: bigint('position', { mode: 'number' }).notNull(),
    enabled: boolean('enabled').notNull().default(true),
    /** What the message must match (every given condition); see modules/routing/route.ts. */
    conditions: jsonb('conditions').$type<Record<string, unknown>>().notNull(),
    /** Who owns it, and optionally which case it goes to. */
    action: jsonb('action').$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [index('routing_rules_workspace_idx').on(t.workspaceId, t.position)],
);

/** Workspace settings: first-response targets per case kind, in minutes. */
/**
 * [issue 17.3] A custom field of a kind of case, defined by an owner or admin.
 * Its values live in each case's team document under `cf:<id>` (and, when
 * `shared`, are mirrored into the shared document for guests).
 */
export const customFields = pgTable(
  'custom_fields',
  {
    id: text('id').primaryKey(),
    workspaceId: workspaceId(),
    kind: text('kind', { enum: ['deal', 'support'] }).notNull(),
    label: text('label').notNull(),
    type: text('type', { enum: ['text', 'number', 'money', 'date', 'select', 'multiselect', 'person', 'url', 'checkbox'] }).notNull(),
    required: boolean('required').notNull().default(false),
    shared: boolean('shared').notNull().default(false),
    options: jsonb('options').$type<string[]>().notNull().default([]),
    position: integer('position').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('custom_fields_workspace_kind_idx').on(t.workspaceId, t.kind, t.position)],
);

export const workspaceSettings = pgTable('workspace_settings', {
  workspaceId: text('workspace_id')
    .primaryKey()
    .references(() => workspaces.id, { onDelete: 'cascade' }),
  responseTargets: jsonb('response_targets').$type<Record<string, number>>().notNull().default({}),
  /** Time zone, working hours, holidays and which clocks count them (contract `businessHours`); null: UTC, around the clock. */
  businessHours: jsonb('business_hours').$type<unknown>(),
  /** Each kind's stages in order with their outcomes (contract `pipeline`), by kind; a kind absent is mapped from the stages in use on first read. */
  pipelines: jsonb('pipelines').$type<unknown>(),
  updatedAt: timestamptz('updated_at').notNull().defaultNow(),
});

/**
 * The first-response clock of an inbound message on a case: started when it
 * arrives, stopped by a reply from the case in its thread, breached when
 * `dueAt` passes first.
 */
export const responseClocks = pgTable(
  'response_clocks',
  {
    emailId: text('email_id')
      .primaryKey()
      .references(() => emails.id, { onDelete: 'cascade' }),
    workspaceId: text('workspace_id').notNull(),
    caseId: caseId(),
    activityId: text('activity_id').notNull(),
    threadId: text('thread_id').notNull(),
    caseKind: text('case_kind').notNull(),
    assigneeId: text('assignee_id'),
    startedAt: timestamptz('started_at').notNull(),
    dueAt: timestamptz('due_at').notNull(),
    respondedAt: timestamptz('responded_at'),
    breachedAt: timestamptz('breached_at'),
  },
  (t) => [
    index('response_clocks_due_idx').on(t.respondedAt, t.breachedAt, t.dueAt),
    index('response_clocks_thread_idx').on(t.workspaceId, t.threadId),
    index('response_clocks_workspace_idx').on(t.workspaceId, t.startedAt),
  ],
);

/** A person's email digest of unread notifications: off, daily or weekly. */
export const digestPrefs = pgTable(
  'digest_prefs',
  {
    workspaceId: workspaceId(),
    userId: userId(),
    frequency: text('frequency', { enum: ['off', 'daily', 'weekly'] })
      .notNull()
      .default('off'),
    lastSentAt: timestamptz('last_sent_at'),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.userId] })],
);

/**
 * What the team shared with a case's guests (issue 20.2): one row per entry
 * copied into the shared document by `Share with guests`, written in the same
 * transaction as the copy and deleted with the un-share. Guests' access to
 * emails and files is decided from these rows only, never from what the
 * shared document says (guest editors write to it). `itemId` is the email
 * (`kind` email) or file (`kind` file) the entry opens, else the entry's id.
 */
export const sharedItems = pgTable(
  'shared_items',
  {
    caseId: caseId(),
    activityId: text('activity_id').notNull(),
    kind: text('kind', { enum: ['email', 'file', 'activity'] }).notNull(),
    itemId: text('item_id').notNull(),
    sharedBy: text('shared_by'),
    sharedAt: timestamptz('shared_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.activityId] }), index('shared_items_item_idx').on(t.caseId, t.kind, t.itemId)],
);

/**
 * An .mbox/.eml upload imported as a job (issue 20.9): the uploaded files are
 * in the blob store, and the position reached (file, byte offset of the next
 * message, messages done in that file) commits in the same transaction as
 * each batch of messages, so a restarted server goes on from there and never
 * stores a message twice.
 */
export const emailImports = pgTable(
  'email_imports',
  {
    id: text('id').primaryKey(),
    workspaceId: workspaceId(),
    caseId: caseId(),
    createdBy: text('created_by'),
    state: text('state', { enum: ['queued', 'running', 'done', 'cancelled', 'failed'] })
      .notNull()
      .default('queued'),
    /** The run that may record progress: a newer run (a resume, a job re-run after a crash) takes over, an older one stops. */
    runToken: text('run_token'),
    /** [{name, sha256, size, mbox, messages}] in upload order. */
    files: jsonb('files').$type<Array<{ name: string; sha256: string; size: number; mbox: boolean; messages: number }>>().notNull(),
    fileIndex: bigint('file_index', { mode: 'number' }).notNull().default(0),
    fileOffset: bigint('file_offset', { mode: 'number' }).notNull().default(0),
    fileMessage: bigint('file_message', { mode: 'number' }).notNull().default(0),
    total: bigint('total', { mode: 'number' }).notNull(),
    imported: bigint('imported', { mode: 'number' }).notNull().default(0),
    duplicates: bigint('duplicates', { mode: 'number' }).notNull().default(0),
    failed: bigint('failed', { mode: 'number' }).notNull().default(0),
    /** The first failures, with their reasons ([{name, reason}]). */
    failures: jsonb('failures').$type<Array<{ name: string; reason: string }>>().notNull().default([]),
    error: text('error'),
    createdAt: createdAt(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
    finishedAt: timestamptz('finished_at'),
  },
  (t) => [index('email_imports_case_idx').on(t.caseId, t.createdAt)],
);

/**
 * Webhooks (issue 16.1, DESIGN §10): a URL that hears a workspace's events,
 * signed per the Standard Webhooks specification with `secret` (`whsec_` and
 * base64; shown once, kept here because signing needs it). Events of a case
 * reach a webhook only if its creator may see that case. `format` slack: the
 * target gets `{text}` messages for moments of truth, missed promises and
 * breached response times instead. A webhook failing since `failingSince`
 * for three days is disabled and its creator told.
 */
export const webhooks = pgTable(
  'webhooks',
  {
    id: text('id').primaryKey(),
    workspaceId: workspaceId(),
    createdBy: userId('created_by'),
    url: text('url').notNull(),
    format: text('format', { enum: ['standard', 'slack'] })
      .notNull()
      .default('standard'),
    /** Event type names, or ["*"]. */
    events: jsonb('events').$type<string[]>().notNull(),
    secret: text('secret').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    failingSince: timestamptz('failing_since'),
    disabledAt: timestamptz('disabled_at'),
    disabledReason: text('disabled_reason'),
    createdAt: createdAt(),
  },
  (t) => [index('webhooks_workspace_idx').on(t.workspaceId)],
);

/**
 * The outbox: one row per event and webhook, written in the same transaction
 * as the change that caused it, with the exact body sent (so every retry
 * signs the same bytes under the same `eventId`, the `webhook-id` header).
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: text('id').primaryKey(),
    webhookId: text('webhook_id')
      .notNull()
      .references(() => webhooks.id, { onDelete: 'cascade' }),
    workspaceId: text('workspace_id').notNull(),
    eventId: text('event_id').notNull(),
    type: text('type').notNull(),
    caseId: text('case_id'),
    body: text('body').notNull(),
    status: text('status', { enum: ['pending', 'delivered', 'failed'] })
      .notNull()
      .default('pending'),
    attempts: bigint('attempts', { mode: 'number' }).notNull().default(0),
    lastStatusCode: bigint('last_status_code', { mode: 'number' }),
    lastError: text('last_error'),
    responseExcerpt: text('response_excerpt'),
    createdAt: createdAt(),
    lastAttemptAt: timestamptz('last_attempt_at'),
    nextAttemptAt: timestamptz('next_attempt_at'),
    finishedAt: timestamptz('finished_at'),
  },
  (t) => [index('webhook_deliveries_webhook_idx').on(t.webhookId, t.createdAt), index('webhook_deliveries_status_idx').on(t.status, t.finishedAt)],
);

/** Each try of a delivery: what the receiver answered, for the delivery log. */
export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    deliveryId: text('delivery_id')
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    at: timestamptz('at').notNull().defaultNow(),
    statusCode: bigint('status_code', { mode: 'number' }),
    error: text('error'),
    responseExcerpt: text('response_excerpt'),
    durationMs: bigint('duration_ms', { mode: 'number' }).notNull().default(0),
  },
  (t) => [index('webhook_attempts_delivery_idx').on(t.deliveryId, t.id)],
);

/**
 * Connected mailboxes (issue 13, DESIGN §10): IMAP in, SMTP out. Passwords
 * are sealed with SECRET_KEY (lib/secret-box.ts, AES-256-GCM bound to the
 * row's id) in `secrets` and never leave the server. One node at a time
 * syncs a mailbox: the one holding its lease (`leaseOwner` until
 * `leaseUntil`, renewed while it syncs); a dead node's lease runs out and
 * another takes it over. Status is written here so every node answers it.
 */
export const mailboxes = pgTable(
  'mailboxes',
  {
    id: text('id').primaryKey(),
    workspaceId: workspaceId(),
    createdBy: text('created_by'),
    name: text('name').notNull(),
    address: text('address').notNull(),
    imapHost: text('imap_host').notNull(),
    imapPort: bigint('imap_port', { mode: 'number' }).notNull(),
    imapSecure: boolean('imap_secure').notNull(),
    imapUser: text('imap_user').notNull(),
    smtpHost: text('smtp_host'),
    smtpPort: bigint('smtp_port', { mode: 'number' }),
    smtpSecure: boolean('smtp_secure'),
    smtpUser: text('smtp_user'),
    /** Sealed JSON `{imap, smtp}` passwords. */
    secrets: text('secrets').notNull(),
    /** Folders watched for incoming mail. */
    folders: jsonb('folders').$type<string[]>().notNull(),
    /** As given; null: found by its \\Sent special-use flag (`sentFound` once found). */
    sentFolder: text('sent_folder'),
    sentFound: text('sent_found'),
    backfillDays: bigint('backfill_days', { mode: 'number' }).notNull(),
    status: text('status', { enum: ['connecting', 'syncing', 'idle', 'error'] })
      .notNull()
      .default('connecting'),
    lastError: text('last_error'),
    retryAt: timestamptz('retry_at'),
    progressDone: bigint('progress_done', { mode: 'number' }).notNull().default(0),
    progressTotal: bigint('progress_total', { mode: 'number' }).notNull().default(0),
    lastSyncAt: timestamptz('last_sync_at'),
    /** Messages read from it and handed to ingestion (new or already stored). */
    messages: bigint('messages', { mode: 'number' }).notNull().default(0),
    leaseOwner: text('lease_owner'),
    leaseUntil: timestamptz('lease_until'),
    createdAt: createdAt(),
  },
  (t) => [index('mailboxes_workspace_idx').on(t.workspaceId)],
);

/** Where the sync of each folder stands: a UIDVALIDITY and the last UID handed to ingestion (resumable, RFC 3501 §2.3.1.1). */
export const mailboxFolders = pgTable(
  'mailbox_folders',
  {
    mailboxId: text('mailbox_id')
      .notNull()
      .references(() => mailboxes.id, { onDelete: 'cascade' }),
    path: text('path').notNull(),
    role: text('role', { enum: ['inbox', 'sent'] }).notNull(),
    uidValidity: text('uid_validity').notNull(),
    lastUid: bigint('last_uid', { mode: 'number' }).notNull().default(0),
    /** The last UID of the folder's backfill (issue 13.8): what is below it is old mail, even when a resumed pass brings it. */
    backfillThrough: bigint('backfill_through', { mode: 'number' }).notNull().default(0),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.mailboxId, t.path] })],
);

/** Workspace snippets inserted from the composer (issue 13.6): rich text with `{{contact.firstName}}` style fields. */
export const savedReplies = pgTable(
  'saved_replies',
  {
    id: text('id').primaryKey(),
    workspaceId: workspaceId(),
    name: text('name').notNull(),
    /** Tiptap HTML, sanitized on the way in. */
    html: text('html').notNull(),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('saved_replies_name_idx').on(t.workspaceId, t.name)],
);

/**
 * [issue 15.5, 15.6] A person's visits to a case: when they last opened it, and
 * how far they have read (`seenThrough`: "since you were last here" counts what
 * came after it; marking read moves it).
 */
export const caseVisits = pgTable(
  'case_visits',
  {
    caseId: caseId(),
    userId: userId(),
    openedAt: timestamptz('opened_at').notNull().defaultNow(),
    seenThrough: timestamptz('seen_through'),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.userId] }), index('case_visits_user_idx').on(t.userId)],
);

/** [issue 15.5] Who opened which file or email of a case: first and last time, and how many times (openings 5 minutes apart). */
export const caseOpenings = pgTable(
  'case_openings',
  {
    caseId: caseId(),
    userId: userId(),
    target: text('target', { enum: ['file', 'email'] }).notNull(),
    targetId: text('target_id').notNull(),
    firstAt: timestamptz('first_at').notNull().defaultNow(),
    lastAt: timestamptz('last_at').notNull().defaultNow(),
    count: bigint('count', { mode: 'number' }).notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.userId, t.target, t.targetId] }), index('case_openings_target_idx').on(t.target, t.targetId)],
);

/** [issue 15.6] A case field's changes, as the case index saw them (from, to, when); `shared`: a field guests see. */
export const caseFieldChanges = pgTable(
  'case_field_changes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    caseId: caseId(),
    field: text('field').notNull(),
    before: text('before'),
    after: text('after'),
    shared: boolean('shared').notNull(),
    at: timestamptz('at').notNull().defaultNow(),
  },
  (t) => [index('case_field_changes_case_idx').on(t.caseId, t.at)],
);

/** Plan templates (issue 15.3): ready-made mutual action plans with relative dates; the milestones are checked by the contract on the way in and out. */
export const planTemplates = pgTable(
  'plan_templates',
  {
    id: text('id').primaryKey(),
    workspaceId: workspaceId(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    planText: text('plan_text').notNull().default(''),
    milestones: jsonb('milestones').$type<unknown>().notNull().default([]),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('plan_templates_name_idx').on(t.workspaceId, t.name)],
);

/**
 * A merge of one case into another (issue 17.5): what moved, so it can be
 * moved back within a day. `moved` holds ids only (entries, promises and
 * milestones of each document, emails, files, the team rows the merge added);
 * the content moved lives on the surviving case and goes back as it is then.
 */
export const caseMerges = pgTable(
  'case_merges',
  {
    id: text('id').primaryKey(),
    workspaceId: workspaceId(),
    fromCaseId: text('from_case_id')
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    intoCaseId: text('into_case_id')
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    actorId: text('actor_id'),
    moved: jsonb('moved').$type<unknown>().notNull(),
    at: timestamptz('at').notNull().defaultNow(),
    undoneAt: timestamptz('undone_at'),
  },
  (t) => [index('case_merges_from_idx').on(t.fromCaseId, t.at), index('case_merges_into_idx').on(t.intoCaseId)],
);
