import { randomBytes } from 'node:crypto';
import { removeDraft } from '@casehub/case-document';
import { emailSchema, type EmailReplyInput, type EmailSendInput, type OutboxResponse } from '@casehub/contract';
import type { Transporter } from 'nodemailer';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { newId } from '../../lib/ids.js';
import { addressparser, MailComposer, nodemailer } from '../../lib/lazy-mail.js';
import { enqueueJob, RetryableError } from '../../jobs/runner.js';
import type { Db } from '../../storage/db.js';
import type { Actor, CaseSubject } from '../access/policy.js';
import * as authRepo from '../auth/repo.js';
import * as filesRepo from '../files/repo.js';
import { caseAddress } from './address.js';
import { htmlSearchText } from './html-text.js';
import { emailEntry } from './ingest.js';
import { sanitizeEmailHtml } from './sanitize.js';
import * as repo from './repo.js';
import { emitWebhookEvent } from '../webhooks/events.js';
import { emailSent } from '../webhooks/payloads.js';
import type { EmailDeps } from './service.js';
import { normalizeMessageId } from './threading.js';

export const sendEmailJob = 'email.send';
const sendPayload = z.object({ workspaceId: z.string(), emailId: z.string() });
/** Tries per send (with the runner's backoff: 2, 4, 8, 16 s); a retry from the outbox starts over. */
export const sendAttempts = 5;
const maxReferences = 20;
/** Recipients of one message from the case, to, cc and bcc together. */
const maxRecipients = 50;
/** `a@b.c`, `Name <a@b.c>` or a list of them (a string with commas, or an array), each checked; a bad one is a 400 naming it. */
function recipientsOf(value: string | string[], field: string): Array<{ name: string; address: string }> {
  const parsed = (Array.isArray(value) ? value : [value]).flatMap((v) => addressparser()(v, { flatten: true }));
  const checked = parsed.map((a) => {
    // The same rule as every other email address the API takes (sign-up, invites, contacts).
    const address = emailSchema.safeParse(a.address);
    if (!address.success) throw new AppError('validation_failed', `${field}: "${a.address || a.name}" is not an email address`);
    return { name: a.name, address: address.data };
  });
  const seen = new Set<string>();
  return checked.filter((a) => !seen.has(a.address) && seen.add(a.address));
}

/**
 * Sending through a connected mailbox (modules/mailboxes implements it):
 * its address is the From, its SMTP server carries the message, and a copy
 * goes to its sent folder.
 */
export type MailboxSender = {
  /** The mailbox's address and name, or why a case may not send through it (a 400's message). */
  lookup(workspaceId: string, mailboxId: string): Promise<{ address: string; name: string } | { refused: string }>;
  /** Throws as nodemailer does (`responseCode` on an SMTP reply), or with `permanent: true` when no retry can help. */
  send(workspaceId: string, mailboxId: string, envelope: { from: string; to: string[] }, raw: Buffer): Promise<void>;
  /** Best effort: the message is sent already. */
  appendSent(workspaceId: string, mailboxId: string, raw: Buffer): Promise<void>;
};

type Access = {
  caseAccess(actor: Actor, caseId: string, need: 'read' | 'edit'): Promise<CaseSubject>;
  visibleEmail(actor: Actor, emailId: string): Promise<repo.EmailRow>;
};

/** A 4xx reply or a network failure may pass; a 5xx reply will not. */
function classify(err: unknown): { reason: string; permanent: boolean } {
  const code = typeof err === 'object' && err !== null && 'responseCode' in err && typeof err.responseCode === 'number' ? err.responseCode : null;
  const message = err instanceof Error ? err.message : String(err);
  const reason = `${code ? `SMTP ${code}: ` : ''}${message}`.slice(0, 500);
  const final = typeof err === 'object' && err !== null && 'permanent' in err && err.permanent === true;
  return { reason, permanent: final || (code !== null && code >= 500) };
}

/**
 * Replies from the case. The outbound email row, its stream entry and the
 * send job commit together, so what a person typed is never lost: it is sent,
 * or it waits in the case's outbox (queued, or failed with the reason) until
 * someone retries. The stored raw source is exactly what goes out.
 */
export function createOutbound(deps: EmailDeps, { caseAccess, visibleEmail }: Access) {
  const { db, blobs, config, jobs, log } = deps;
  let transport: Transporter | undefined;
  const smtp = (url: string): Transporter =>
    (transport ??= nodemailer().createTransport({ url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 60_000 }));

  async function enqueueSend(tx: Db, row: { workspaceId: string; id: string }): Promise<void> {
    await enqueueJob(tx, sendEmailJob, { workspaceId: row.workspaceId, emailId: row.id }, { maxAttempts: sendAttempts });
  }

  /**
   * Records how a send went, on the email row and, in the same commit, on its
   * stream entry; a copy shared with guests follows. Only `sent` stops the
   * thread's first-response clocks (SPEC R4): a reply that never left is no
   * answer, however it looks in the case.
   */
  async function recordSend(row: repo.EmailRow, status: 'queued' | 'sent' | 'failed', error: string | null): Promise<void> {
    const write = async (tx: Db) => {
      await repo.setSendStatus(tx, row.workspaceId, row.id, status, error);
      // [issue 16.1] The webhook outbox, in the same commit as the status.
      if (status === 'sent') await emitWebhookEvent(tx, emailSent(row));
    };
    if (!row.caseId || !row.activityId) {
      await db.transaction(write);
      return;
    }
    await deps.activity.update(row.caseId, 'team', row.activityId, { sendStatus: status }, { alsoWrite: write });
    await deps.activity.update(row.caseId, 'shared', row.activityId, { sendStatus: status });
    if (status === 'sent') await deps.responses.stop(row.workspaceId, row.threadId);
  }

  jobs.register(sendEmailJob, {
    payload: sendPayload,
    async run({ workspaceId, emailId }, { attempt }) {
      const row = await repo.findEmail(db, workspaceId, emailId);
      // Sent already (a retried job after a crash mid-commit): never send twice on purpose.
      if (!row || row.direction !== 'outbound' || row.sendStatus === 'sent') return;
      const { mailboxId } = row;
      if (!mailboxId && !config.smtpUrl) {
        const reason = 'Outgoing mail is not configured (SMTP_URL is not set); set it and retry from the outbox';
        await recordSend(row, 'failed', reason);
        throw new Error(reason);
      }
      const raw = Buffer.from(await blobs.get(row.rawSha256));
      const envelope = { from: row.fromAddress, to: [...row.to, ...row.cc, ...row.bcc].map((a) => a.address).filter(Boolean) };
      try {
        if (mailboxId) {
          if (!deps.mailboxSender) throw Object.assign(new Error('Mailboxes are not available on this server'), { permanent: true });
          await deps.mailboxSender.send(workspaceId, mailboxId, envelope, raw);
        } else if (config.smtpUrl) await smtp(config.smtpUrl).sendMail({ envelope, raw });
      } catch (err) {
        const { reason, permanent } = classify(err);
        if (!permanent && attempt < sendAttempts) {
          await recordSend(row, 'queued', `Attempt ${attempt} of ${sendAttempts} failed (${reason}); trying again`);
          throw new RetryableError(reason);
        }
        await recordSend(row, 'failed', reason);
        throw new Error(reason);
      }
      await recordSend(row, 'sent', null);
      log.info({ emailId, mailboxId }, 'reply sent');
      // A copy in the mailbox's sent folder, as a mail client keeps one; its failure sends nothing again.
      if (mailboxId)
        await deps.mailboxSender
          ?.appendSent(workspaceId, mailboxId, raw)
          .catch((err: unknown) => log.warn({ err, emailId, mailboxId }, 'sent, but no copy could be put in the mailbox sent folder'));
    },
  });

  type Address = { name: string; address: string };
  type Outgoing = {
    caseId: string;
    threadId: string;
    to: Address[];
    cc: Address[];
    bcc: Address[];
    subject: string;
    text: string;
    /** As typed; the stored copy shown in the app is sanitized. */
    html: string | null;
    attachments: Array<{ filename: string; contentType: string; content: Buffer }>;
    parent: { messageId: string | null; references: string[] } | null;
    /** Through this connected mailbox, From its address; else from the case address over SMTP_URL. */
    via?: { mailboxId: string; address: string } | undefined;
    /** The team document's draft it was written in (removed with the send). */
    draftId?: string | undefined;
  };

  /**
   * Composes, stores and queues one outbound message from the case address:
   * the email row, its stream entry and the send job commit together.
   */
  async function compose(actor: Actor, mail: Outgoing) {
    const user = await authRepo.findUserById(db, actor.userId);
    const from = { name: user?.name ?? 'Casehub', address: mail.via?.address ?? caseAddress(mail.caseId, config.mailDomain) };
    const parentId = mail.parent?.messageId ?? null;
    const references = [...(mail.parent?.references ?? []), ...(parentId ? [parentId] : [])].slice(-maxReferences);
    const messageId = `<${randomBytes(12).toString('hex')}@${config.mailDomain}>`;
    const date = new Date();
    const raw = await new (MailComposer())({
      from,
      to: mail.to,
      ...(mail.cc.length > 0 ? { cc: mail.cc } : {}),
      subject: mail.subject,
      text: mail.text,
      ...(mail.html ? { html: mail.html } : {}),
      ...(mail.attachments.length > 0 ? { attachments: mail.attachments } : {}),
      date,
      messageId,
      ...(parentId ? { inReplyTo: parentId } : {}),
      ...(references.length > 0 ? { references } : {}),
    })
      .compile()
      .build();

    const rawSha256 = await blobs.put(raw);
    const id = newId();
    const activityId = newId();
    const html = mail.html ? sanitizeEmailHtml(mail.html) : null;
    const row = {
      id,
      workspaceId: actor.workspaceId,
      caseId: mail.caseId,
      threadId: mail.threadId,
      activityId,
      direction: 'outbound' as const,
      sendStatus: 'queued' as const,
      messageId,
      inReplyTo: parentId,
      references,
      subject: mail.subject,
      fromAddress: from.address,
      fromName: from.name,
      to: mail.to,
      cc: mail.cc,
      bcc: mail.bcc,
      sentAt: date,
      textBody: mail.text,
      html,
      htmlText: html ? htmlSearchText(html) : null,
      rawSha256,
      rawSize: raw.byteLength,
      dedupeKey: repo.dedupeKeyOf(normalizeMessageId(messageId), rawSha256),
      createdBy: actor.userId,
      mailboxId: mail.via?.mailboxId ?? null,
    };
    const draftId = mail.draftId;
    await deps.activity.add(mail.caseId, 'team', emailEntry(row, date, { id: actor.userId, name: from.name }), {
      id: activityId,
      // Two people writing one draft who both press Send: the second finds it gone, and nothing is sent twice.
      ...(draftId && {
        alsoChange: (doc) => {
          if (!removeDraft(doc, draftId)) throw new AppError('conflict', 'This draft was sent or discarded already');
        },
      }),
      alsoWrite: async (tx) => {
        await repo.insertEmail(tx, row);
        await enqueueSend(tx, row);
      },
    });
    jobs.poke();
    return { emailId: id, activityId, threadId: row.threadId, sendStatus: row.sendStatus };
  }

  return {
    async reply(actor: Actor, emailId: string, input: EmailReplyInput) {
      const original = await visibleEmail(actor, emailId);
      if (!original.caseId) throw new AppError('conflict', 'File this email onto a case before replying to it');
      await caseAccess(actor, original.caseId, 'edit');
      // Replying to our own message continues to the same people; otherwise to its sender.
      const to = original.direction === 'outbound' ? original.to : [{ name: original.fromName, address: original.fromAddress }];
      if (!to.some((a) => a.address)) throw new AppError('conflict', 'The original message has no sender address to reply to');
      return compose(actor, {
        caseId: original.caseId,
        threadId: original.threadId,
        to,
        cc: [],
        bcc: [],
        subject: /^\s*re\s*:/i.test(original.subject) ? original.subject : `Re: ${original.subject}`.trim(),
        text: input.text,
        html: null,
        attachments: [],
        parent: { messageId: original.messageId, references: original.references },
      });
    },

    /**
     * A new email from the case (DESIGN §10 `emails/send`), to anyone, with
     * files of the case attached; with `inReplyTo` (an email of this case, by
     * id or Message-ID) it joins that email's thread, else it starts one.
     */
    async send(actor: Actor, caseId: string, input: EmailSendInput) {
      await caseAccess(actor, caseId, 'edit');
      let via: Outgoing['via'];
      if (input.mailboxId) {
        const found = deps.mailboxSender ? await deps.mailboxSender.lookup(actor.workspaceId, input.mailboxId) : { refused: 'mailboxId: no such mailbox' };
        if ('refused' in found) throw new AppError('validation_failed', found.refused);
        via = { mailboxId: input.mailboxId, address: found.address };
      }
      const to = recipientsOf(input.to, 'to');
      const cc = input.cc === undefined ? [] : recipientsOf(input.cc, 'cc');
      const bcc = input.bcc === undefined ? [] : recipientsOf(input.bcc, 'bcc');
      if (to.length === 0) throw new AppError('validation_failed', 'to: give at least one address');
      if (to.length + cc.length + bcc.length > maxRecipients)
        throw new AppError('validation_failed', `to, cc, bcc: at most ${maxRecipients} recipients in all`);

      let parent: Outgoing['parent'] = null;
      let threadId = newId();
      if (input.inReplyTo) {
        const byMessageId = /^<.+>$/.test(input.inReplyTo.trim());
        const [found] = byMessageId ? await repo.findEmailsByMessageIds(db, actor.workspaceId, [normalizeMessageId(input.inReplyTo)]) : [];
        const original = await repo.findEmail(db, actor.workspaceId, byMessageId ? (found?.id ?? '') : input.inReplyTo);
        if (!original || original.caseId !== caseId) throw new AppError('validation_failed', 'inReplyTo: no such email on this case');
        parent = { messageId: original.messageId, references: original.references };
        threadId = original.threadId;
      }

      const attachments: Outgoing['attachments'] = [];
      for (const fileId of new Set(input.fileIds ?? [])) {
        const file = await filesRepo.findFileHead(db, actor.workspaceId, fileId);
        if (!file || file.caseId !== caseId) throw new AppError('validation_failed', `fileIds: no file ${fileId} on this case`);
        attachments.push({ filename: file.name, contentType: file.contentType, content: Buffer.from(await blobs.get(file.sha256)) });
      }
      const size = attachments.reduce((n, a) => n + a.content.byteLength, 0);
      if (size > config.maxUploadBytes)
        throw new AppError('payload_too_large', `Attachments are limited to ${Math.round(config.maxUploadBytes / 1048576)} MB in all (MAX_UPLOAD_MB)`);

      return compose(actor, {
        caseId,
        threadId,
        to,
        cc,
        bcc,
        subject: input.subject,
        text: input.text,
        html: input.html ?? null,
        attachments,
        parent,
        via,
        draftId: input.draftId,
      });
    },

    /** Replies of the case not yet sent: queued (perhaps after a failed try) or failed. */
    async outbox(actor: Actor, caseId: string): Promise<OutboxResponse> {
      await caseAccess(actor, caseId, 'read');
      const rows = await repo.listOutbox(db, actor.workspaceId, caseId);
      return {
        emails: rows.map((r) => ({
          emailId: r.id,
          activityId: r.activityId,
          threadId: r.threadId,
          subject: r.subject,
          to: r.to,
          sendStatus: r.sendStatus ?? 'queued',
          sendError: r.sendError,
          createdAt: r.createdAt.toISOString(),
        })),
      };
    },

    /** Sends a failed reply again, from the start of a fresh run of attempts. */
    async retry(actor: Actor, emailId: string) {
      const row = await visibleEmail(actor, emailId);
      if (!row.caseId || row.direction !== 'outbound') throw new AppError('conflict', 'Only replies sent from a case can be retried');
      await caseAccess(actor, row.caseId, 'edit');
      if (row.sendStatus !== 'failed') throw new AppError('conflict', `This reply is ${row.sendStatus ?? 'not queued'}, not failed`);
      let requeued = false;
      const requeue = async (tx: Db) => {
        // Only one of two racing retries wins, so the reply is not sent twice.
        if (!(await repo.requeueFailed(tx, row.workspaceId, row.id))) return;
        await enqueueSend(tx, row);
        requeued = true;
      };
      const { caseId, activityId } = row;
      if (!activityId) await db.transaction(requeue);
      // The entry says "queued" again in the same commit as the row.
      else await deps.activity.update(caseId, 'team', activityId, { sendStatus: 'queued' }, { alsoWrite: requeue });
      if (!requeued) {
        // Another retry won (and its send may be over): the entry shows the row's status, not ours.
        const now = await repo.findEmail(db, row.workspaceId, row.id);
        if (activityId && now?.sendStatus) await deps.activity.update(caseId, 'team', activityId, { sendStatus: now.sendStatus });
        throw new AppError('conflict', 'This reply is already queued again');
      }
      if (activityId) await deps.activity.update(caseId, 'shared', activityId, { sendStatus: 'queued' });
      jobs.poke();
      return { emailId: row.id, sendStatus: 'queued' as const };
    },
  };
}
