import { toSummary, type ActivityEntry } from '@casehub/case-document';
import type { Logger } from 'pino';
import { scoreMessage } from '../signals/score.js';
import { newId } from '../../lib/ids.js';
import type { Db } from '../../storage/db.js';
import { sha256Hex, type BlobStore } from '../../storage/blobs.js';
import type { ActivityService } from '../activity/service.js';
import { notify } from '../notifications/service.js';
import type { ResponseClock } from '../responses/clock.js';
import { caseOfContact, routeInbound } from '../routing/service.js';
import { insertPrepared, prepareFile, type PreparedFile } from '../files/service.js';
import type { EmailParser, ParsedEmail } from './parse.js';
import * as repo from './repo.js';
import { listWorkspaceManagers } from './triage-repo.js';
import { emitWebhookEvent } from '../webhooks/events.js';
import { emailReceived, emailSent, momentOfTruth, type EmailFacts } from '../webhooks/payloads.js';
import { findCaseTitleById } from '../webhooks/repo.js';
import { resolveCidImages } from './sanitize.js';
import { senderAuthFromHeader, type SenderAuth } from './sender-auth.js';
import { chooseThread, normalizeMessageId, participantsOf, referencedIds, type ThreadCandidate } from './threading.js';

export type IngestSource = 'api' | 'upload' | 'mbox' | 'smtp' | 'triage' | 'imap';

export type IngestInput = {
  workspaceId: string;
  /** Null: the triage queue, unless the message replies to a thread already on a case. */
  caseId: string | null;
  raw: Uint8Array;
  source: IngestSource;
  /** The person who brought it in; null for mail that arrived by itself (SMTP). */
  createdBy: string | null;
  /** The connected mailbox it was read from (issue 13). */
  mailboxId?: string | null;
  /**
   * [issue 13.8] Old mail brought in (an .mbox/.eml import, a mailbox's
   * backfill): it starts no response clock and tells no one on its own; the
   * import says once what it brought.
   */
  history?: boolean;
  /** [issue 13.7] The verdict our SMTP server reached on the sender (smtp-inbound.ts). */
  senderAuth?: SenderAuth | null;
  /**
   * [issue 13.7] Read from a mailbox: the topmost Authentication-Results
   * header is its server's verdict (only one naming `authservId`, when set).
   */
  authResultsFrom?: { authservId: string | null };
};

export type IngestResult = {
  emailId: string;
  activityId: string | null;
  threadId: string;
  caseId: string | null;
  duplicate: boolean;
  parseError: string | null;
};

export type IngestDeps = { db: Db; blobs: BlobStore; activity: ActivityService; parser: EmailParser; log: Logger; responses: ResponseClock };

/** Runs one task per key at a time, in this process. */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();
  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(task);
    this.tails.set(key, next);
    try {
      return await next;
    } finally {
      if (this.tails.get(key) === next) this.tails.delete(key);
    }
  }
}

export const fileContentUrl = (fileId: string): string => `/api/files/${encodeURIComponent(fileId)}/content`;

/** The stream entry of an email: who it is from and what about. */
export function emailEntry(row: repo.NewEmailRow & { id: string; threadId: string }, at: Date, actor?: { id: string; name: string }): ActivityEntry {
  const sender = row.fromName || row.fromAddress || 'unknown sender';
  const subject = row.subject || '(no subject)';
  const summary = row.parseError ? `Unreadable email, kept raw: ${row.parseError}` : `${subject} — ${sender}`;
  // Moments of truth: an inbound message that reads angry or urgent is flagged on its entry.
  // Not for mail no person wrote (a bounce, an automatic reply: issue 13.8), nor anyone's quoted words (own_text, 13.7).
  const scored =
    row.direction === 'inbound' && !row.parseError && !row.automatic
      ? scoreMessage({ subject: row.subject ?? '', text: row.ownText ?? row.textBody ?? '' })
      : null;
  return {
    kind: 'email',
    at: at.toISOString(),
    actorId: actor?.id ?? null,
    actorName: actor?.name ?? sender,
    summary: toSummary(summary),
    emailId: row.id,
    threadId: row.threadId,
    direction: row.direction,
    ...(row.direction === 'outbound' && row.sendStatus && { sendStatus: row.sendStatus }),
    ...(row.routing && { routing: row.routing.reason, assigneeId: row.assigneeId ?? null }),
    ...(row.automatic && { automatic: row.automatic }),
    ...(row.senderAuth && { senderAuth: row.senderAuth.verdict }),
    ...(scored?.flagged && { flag: 'moment-of-truth' as const, score: scored.score, signals: scored.signals }),
  };
}

/** When the message says it was sent, unless that is missing or implausibly far in the future. */
function streamTime(email: ParsedEmail | null, now: Date): Date {
  const sent = email?.date ? new Date(email.date) : null;
  return sent && sent.getTime() <= now.getTime() + 24 * 3600_000 ? sent : now;
}

/** A message about to be on a case: what its row must hold. */
export type PlacedRow = repo.NewEmailRow & EmailFacts & { caseId: string; activityId: string; assigneeId: string | null };

/**
 * What putting a message on a case takes, whether it arrives there or is
 * filed from triage later: its stream entry (with the moment-of-truth flag
 * and the first-response clock, R4) and what commits with that entry (the
 * clock, the moment-of-truth webhook). The one path both use.
 */
export async function placeOnCase(
  responses: ResponseClock,
  row: PlacedRow,
  at: Date,
  actor?: { id: string; name: string },
  /** Old mail (an import, a backfill, issue 13.8): no clock. */
  history = false,
): Promise<{ entry: ActivityEntry; write(tx: Db): Promise<void> }> {
  const waiting = row.direction === 'inbound' && !row.parseError && !row.automatic && !history;
  const clock = waiting ? await responses.prepare(row.workspaceId, row.caseId, row.fromAddress ?? '') : null;
  const entry = { ...emailEntry(row, at, actor), ...(clock && { responseDueAt: clock.dueAt.toISOString() }) };
  return {
    entry,
    async write(tx) {
      if (clock) await clock.write(tx, { emailId: row.id, activityId: row.activityId, threadId: row.threadId, assigneeId: row.assigneeId });
      if (entry.flag === 'moment-of-truth') {
        await emitWebhookEvent(
          tx,
          momentOfTruth(row, { score: entry.score ?? null, signals: entry.signals ?? [], caseTitle: await findCaseTitleById(tx, row.caseId) }),
        );
      }
    },
  };
}

/** What a batch prepared but has not committed yet: later messages of the batch dedupe and thread against it. */
export class BatchContext {
  readonly byDedupeKey = new Map<string, PreparedMessage>();
  readonly byMessageId = new Map<string, PreparedMessage>();

  add(p: PreparedMessage): void {
    this.byDedupeKey.set(p.row.dedupeKey, p);
    if (p.row.messageId) this.byMessageId.set(normalizeMessageId(p.row.messageId), p);
  }

  /** Rows of this batch in one thread (their addresses count as the thread's participants). */
  threadRows(threadId: string): PreparedMessage['row'][] {
    return [...this.byDedupeKey.values()].filter((p) => p.row.threadId === threadId).map((p) => p.row);
  }
}

/** A new message, parsed, placed and with its bytes in the blob store, ready to commit. */
export type PreparedMessage = {
  row: repo.NewEmailRow & { id: string; threadId: string; dedupeKey: string; caseId: string | null; activityId: string | null; assigneeId: string | null };
  /** Old mail (IngestInput.history): committed without telling anyone. */
  history: boolean;
  /** Its stream entry, when it goes to a case. */
  entry: ActivityEntry | null;
  /** The email row, its attachment files and its response clock, in the caller's transaction. */
  write(tx: Db): Promise<void>;
  result: IngestResult;
  droppedAttachments: number;
};

export type Prepared = { duplicate: IngestResult } | { message: PreparedMessage };

export type ParsedMessage = { raw: Uint8Array; rawSha256: string; email: ParsedEmail | null; parseError: string | null; dedupeKey: string };

/**
 * Brings one raw message in. The raw source and attachment bytes go to the
 * blob store first (content-addressed, so a crash leaves only unreferenced
 * blobs); then the email row, its attachment files and its stream entry
 * commit in one transaction, before this resolves.
 *
 * `prepare` and `commit` are the two halves, for imports that commit many
 * messages' entries in one document change (email/importer.ts).
 */
export function createIngester({ db, blobs, activity, parser, log, responses }: IngestDeps) {
  // Two copies of one message arriving together must not both be stored; the
  // unique index catches a race between nodes, this the common one in-process.
  const lock = new KeyedLock();

  async function threadCandidates(workspaceId: string, email: ParsedEmail, batch: BatchContext | null): Promise<ThreadCandidate[]> {
    const ids = referencedIds(email);
    const found = await repo.findEmailsByMessageIds(db, workspaceId, ids);
    const pending = batch
      ? ids
          .flatMap((id) => batch.byMessageId.get(id) ?? [])
          .map((p) => ({ id: p.row.id, messageId: p.row.messageId ?? null, threadId: p.row.threadId, caseId: p.row.caseId }))
      : [];
    const all = [...found, ...pending];
    const threadIds = [...new Set(all.map((f) => f.threadId))];
    const rows = [...(await repo.listThreadAddresses(db, workspaceId, threadIds)), ...threadIds.flatMap((t) => batch?.threadRows(t) ?? [])];
    return all.flatMap((f) =>
      f.messageId
        ? [
            {
              emailId: f.id,
              messageId: f.messageId,
              threadId: f.threadId,
              caseId: f.caseId,
              participants: participantsOf(
                rows.filter((r) => r.threadId === f.threadId).map((r) => ({ fromAddress: r.fromAddress ?? '', to: r.to ?? [], cc: r.cc ?? [] })),
              ),
            },
          ]
        : [],
    );
  }

  const duplicateOf = (row: Pick<repo.EmailRow, 'id' | 'activityId' | 'threadId' | 'caseId'> & { parseError?: string | null }): IngestResult => ({
    emailId: row.id,
    activityId: row.activityId,
    threadId: row.threadId,
    caseId: row.caseId,
    duplicate: true,
    parseError: row.parseError ?? null,
  });

  /** Parses a message (in the parser processes) and works out its dedupe key. */
  async function parse(raw: Uint8Array): Promise<ParsedMessage> {
    const rawSha256 = sha256Hex(raw);
    const parsed = await parser.parse(raw);
    const email = parsed.ok ? parsed.email : null;
    const parseError = parsed.ok ? null : parsed.reason;
    return { raw, rawSha256, email, parseError, dedupeKey: repo.dedupeKeyOf(email?.messageId ? normalizeMessageId(email.messageId) : null, rawSha256) };
  }

  /**
   * Places a parsed message and stores its bytes; nothing is committed.
   * `batch`: messages prepared before it and not committed yet.
   */
  async function prepare(input: IngestInput, parsed: ParsedMessage, batch: BatchContext | null = null): Promise<Prepared> {
    const placed = await prepareAs('inbound', input, parsed, batch);
    if ('skipped' in placed) throw new Error('an inbound message is always placed (on a case or in triage)');
    return placed;
  }

  /**
   * Inbound mail goes where routing says (a case, or triage). Mail the team
   * sent (outbound: a connected mailbox's sent folder) goes on the case it
   * belongs to, by a case address among its recipients (`input.caseId`), the
   * thread it answers, or a recipient's contact; belonging to none, it is
   * skipped: the team's own mail to anyone else is not the workspace's news.
   */
  async function prepareAs(
    direction: 'inbound' | 'outbound',
    input: IngestInput,
    parsed: ParsedMessage,
    batch: BatchContext | null,
  ): Promise<Prepared | { skipped: string }> {
    const { workspaceId } = input;
    const { rawSha256, email, parseError, dedupeKey } = parsed;
    const inBatch = batch?.byDedupeKey.get(dedupeKey);
    if (inBatch) return { duplicate: duplicateOf(inBatch.row) };
    const existing = await repo.findEmailByDedupeKey(db, workspaceId, dedupeKey);
    if (existing) return { duplicate: duplicateOf(existing) };

    const outbound = direction === 'outbound';
    const senderAuth = outbound
      ? null
      : (input.senderAuth ??
        (input.authResultsFrom && email ? senderAuthFromHeader(email.authResults, email.from?.address ?? '', input.authResultsFrom.authservId) : null));
    // [issue 13.7] A sender who failed verification may be anyone: the From alone joins no thread and finds no contact's case.
    const unverified = senderAuth?.verdict === 'fail' ? senderAuth.reason : null;
    const recipients = email ? [...email.to, ...email.cc].map((a) => a.address).filter(Boolean) : [];
    const candidates = email ? await threadCandidates(workspaceId, email, batch) : [];
    // The sender check (threading.ts): inbound, the sender must have taken part; our own sent mail is
    // trusted to be ours, so it joins a thread one of its recipients took part in.
    const decision =
      email && !unverified
        ? [email.from?.address ?? '', ...(outbound ? recipients : [])].reduce<ReturnType<typeof chooseThread>>(
            (found, address) => found ?? chooseThread({ ...email, fromAddress: address }, candidates),
            null,
          )
        : null;
    const threadId = decision?.threadId ?? newId();
    // Where it goes and who owns it (modules/routing); an unreadable message stays where it was sent.
    const routed =
      email && !outbound
        ? await routeInbound(db, {
            workspaceId,
            message: { fromAddress: email.from?.address ?? '', subject: email.subject ?? '', text: email.text ?? '' },
            addressed: input.caseId ? { caseId: input.caseId, how: input.source === 'smtp' || input.source === 'imap' ? 'case-address' : 'direct' } : null,
            threadCaseId: decision?.joined.caseId ?? null,
            unverified,
          })
        : null;
    let caseId = routed ? routed.caseId : input.caseId;
    if (outbound) {
      caseId = input.caseId ?? decision?.joined.caseId ?? null;
      for (const address of recipients) caseId ??= await caseOfContact(db, workspaceId, address);
      if (!caseId) return { skipped: 'sent mail that belongs to no case' };
    }
    const emailId = newId();
    const activityId = caseId ? newId() : null;

    await blobs.put(input.raw);
    const owner = { workspaceId, caseId, emailId, createdBy: input.createdBy };
    const prepared: PreparedFile[] = [];
    for (const [i, a] of (email?.attachments ?? []).entries()) {
      prepared.push(await prepareFile(blobs, { name: a.filename || `attachment-${i + 1}`, contentType: a.contentType, bytes: a.content }, owner));
    }
    const byContentId = new Map<string, string>();
    (email?.attachments ?? []).forEach((a, i) => {
      const file = prepared[i];
      if (a.contentId && file?.row.id) byContentId.set(a.contentId, fileContentUrl(file.row.id));
    });

    const now = new Date();
    const row = {
      id: emailId,
      workspaceId,
      caseId,
      threadId,
      activityId,
      direction,
      ...(outbound && { sendStatus: 'sent' as const }),
      messageId: email?.messageId ?? null,
      inReplyTo: email?.inReplyTo ?? null,
      references: email?.references ?? [],
      subject: email?.subject ?? '',
      fromAddress: email?.from?.address ?? '',
      fromName: email?.from?.name ?? '',
      to: email?.to ?? [],
      cc: email?.cc ?? [],
      sentAt: email?.date ? new Date(email.date) : null,
      textBody: email?.text ?? '',
      html: email?.html ? resolveCidImages(email.html, (cid) => byContentId.get(cid)) : null,
      htmlText: email?.htmlText ?? null,
      rawSha256,
      rawSize: input.raw.byteLength,
      dedupeKey,
      parseError,
      assigneeId: routed?.assigneeId ?? null,
      routing: routed?.decision ?? null,
      createdBy: input.createdBy,
      mailboxId: input.mailboxId ?? null,
      ownText: outbound ? null : (email?.ownText ?? null),
      senderAuth,
      automatic: outbound ? null : (email?.automatic ?? null),
    };
    const activityIds = new Map(activityId ? prepared.map((p) => [p.row.id, activityId]) : []);
    const placed = caseId && activityId ? await placeOnCase(responses, { ...row, caseId, activityId }, streamTime(email, now), undefined, input.history) : null;
    const message: PreparedMessage = {
      row,
      entry: placed?.entry ?? null,
      async write(tx) {
        await repo.insertEmail(tx, row);
        await insertPrepared(tx, prepared, activityIds);
        // [issue 16.1] The webhook outbox, in the same commit as the message.
        await emitWebhookEvent(tx, outbound ? emailSent(row) : emailReceived(row, { parseError, assigneeId: row.assigneeId }));
        await placed?.write(tx);
      },
      result: { emailId, activityId, threadId, caseId, duplicate: false, parseError },
      history: input.history ?? false,
      droppedAttachments: email?.droppedAttachments ?? 0,
    };
    batch?.add(message);
    return { message };
  }

  /** What follows a commit: the owner of a routed message is told; with none, mail left in triage is announced. */
  async function committed(message: PreparedMessage): Promise<void> {
    const { row } = message;
    if (message.droppedAttachments > 0) log.warn({ emailId: row.id, dropped: message.droppedAttachments }, 'attachments past the limit were not kept as files');
    // [issue 13.8] Old mail tells no one one by one (the import sums it up), nor does mail no person wrote.
    if (message.history || row.automatic) return;
    if (!row.caseId && !row.assigneeId) await announceTriage(row);
    if (row.assigneeId) {
      const from = row.fromName || row.fromAddress || 'unknown sender';
      await notify(db, {
        workspaceId: row.workspaceId,
        userIds: [row.assigneeId],
        kind: 'assignment',
        about: row.caseId ? { caseId: row.caseId, side: 'team' } : null,
        activityId: row.activityId,
        text: `New message for you: "${row.subject || '(no subject)'}" from ${from}. ${row.routing?.reason ?? ''}`.trim(),
      }).catch((err: unknown) => log.error({ err, emailId: row.id }, 'could not notify the owner of a routed message'));
    }
  }

  /**
   * [issue 21.6] Mail that matched no case and no owner would wait unseen:
   * the workspace's owners and admins are told (not whoever put it there by
   * hand). Workspace news (`about: null`): members only, N3.
   */
  async function announceTriage(row: PreparedMessage['row']): Promise<void> {
    const from = row.fromName || row.fromAddress || 'unknown sender';
    const managers = (await listWorkspaceManagers(db, row.workspaceId)).filter((id) => id !== row.createdBy);
    await notify(db, {
      workspaceId: row.workspaceId,
      userIds: managers,
      kind: 'triage',
      about: null,
      text: `New mail in triage: "${row.subject || '(no subject)'}" from ${from}. File it on a case from Triage.`,
    }).catch((err: unknown) => log.error({ err, emailId: row.id }, 'could not announce a message left in triage'));
  }

  /** Commits one prepared message on its own: its rows, and its stream entry in the same transaction. */
  async function commit(message: PreparedMessage): Promise<IngestResult> {
    const { row, entry } = message;
    try {
      if (entry && row.caseId && row.activityId) await activity.add(row.caseId, 'team', entry, { id: row.activityId, alsoWrite: (tx) => message.write(tx) });
      else await db.transaction((tx) => message.write(tx));
    } catch (err) {
      // Another node stored the same message first: answer as a duplicate.
      const winner = await repo.findEmailByDedupeKey(db, row.workspaceId, row.dedupeKey);
      if (winner) return duplicateOf(winner);
      throw err;
    }
    await committed(message);
    return message.result;
  }

  async function ingest(input: IngestInput): Promise<IngestResult> {
    const parsed = await parse(input.raw);
    return lock.run(`${input.workspaceId}\u0000${parsed.dedupeKey}`, async () => {
      const prepared = await prepare(input, parsed);
      return 'duplicate' in prepared ? prepared.duplicate : commit(prepared.message);
    });
  }

  /**
   * Mail the team sent from its own mail client (a connected mailbox's sent
   * folder, issue 13): stored once like any message, filed as outbound and
   * sent on the case it belongs to, where its stream entry stops the
   * thread's first-response clocks as a reply from the case does; null when
   * it belongs to no case (then it is not stored).
   */
  async function fileSent(input: IngestInput): Promise<IngestResult | null> {
    const parsed = await parse(input.raw);
    return lock.run(`${input.workspaceId}\u0000${parsed.dedupeKey}`, async () => {
      const prepared = await prepareAs('outbound', input, parsed, null);
      if ('skipped' in prepared) return null;
      return 'duplicate' in prepared ? prepared.duplicate : commit(prepared.message);
    });
  }

  return Object.assign(ingest, { parse, prepare, commit, committed, duplicateOf, fileSent });
}

export type Ingest = ReturnType<typeof createIngester>;
