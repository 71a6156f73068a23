import type { MailboxCreateInput, MailboxList, MailboxSenders, MailboxSummary, MailboxTestResult, MailServerInput } from '@casehub/contract';
import { z } from 'zod';
import { AppError, notFound } from '../../errors.js';
import { newId } from '../../lib/ids.js';
import type { SecretBox } from '../../lib/secret-box.js';
import type { Db } from '../../storage/db.js';
import type { Actor } from '../access/policy.js';
import { insertAudit } from '../auth/repo.js';
import { checkFolders, classifyMailError, connectImap, type MailServer } from './imap.js';
import { MailHostError, resolveMailHost } from './net.js';
import { canManageMailboxes } from './policy.js';
import * as repo from './repo.js';
import { verifySmtp } from './smtp.js';

export type MailboxesService = ReturnType<typeof createMailboxesService>;

const sealedSecrets = z.object({ imap: z.string(), smtp: z.string().nullable() });

/** Opens and seals the passwords of a mailbox row (AES-256-GCM with SECRET_KEY, bound to the mailbox id). */
export function mailboxSecrets(box: SecretBox) {
  const context = (id: string) => `mailbox:${id}`;
  return {
    seal: (id: string, secrets: z.infer<typeof sealedSecrets>): string => box.seal(JSON.stringify(secrets), context(id)),
    open(row: Pick<repo.MailboxRow, 'id' | 'secrets'>): z.infer<typeof sealedSecrets> {
      try {
        return sealedSecrets.parse(JSON.parse(box.open(row.secrets, context(row.id))));
      } catch {
        throw new Error('the stored password cannot be read (was SECRET_KEY changed?); disconnect the mailbox and connect it again');
      }
    },
  };
}
export type MailboxSecrets = ReturnType<typeof mailboxSecrets>;

export const imapServerOf =
  (secrets: MailboxSecrets) =>
  (row: repo.MailboxRow): MailServer => ({
    host: row.imapHost,
    port: row.imapPort,
    secure: row.imapSecure,
    user: row.imapUser,
    password: secrets.open(row).imap,
  });

export function smtpServerOf(secrets: MailboxSecrets, row: repo.MailboxRow): MailServer | null {
  const password = secrets.open(row).smtp;
  if (!row.smtpHost || !row.smtpPort || !row.smtpUser || password === null) return null;
  return { host: row.smtpHost, port: row.smtpPort, secure: row.smtpSecure ?? row.smtpPort === 465, user: row.smtpUser, password };
}

const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

function present(row: repo.MailboxRow): MailboxSummary {
  return {
    id: row.id,
    name: row.name,
    address: row.address,
    status: row.status,
    lastError: row.lastError,
    retryAt: iso(row.retryAt),
    lastSyncAt: iso(row.lastSyncAt),
    messages: row.messages,
    progress: row.status === 'syncing' && row.progressTotal > 0 ? { done: row.progressDone, total: row.progressTotal } : null,
    imap: { host: row.imapHost, port: row.imapPort, secure: row.imapSecure, user: row.imapUser },
    smtp: row.smtpHost && row.smtpPort && row.smtpUser ? { host: row.smtpHost, port: row.smtpPort, secure: row.smtpSecure ?? false, user: row.smtpUser } : null,
    folders: row.folders,
    sentFolder: row.sentFolder ?? row.sentFound,
    backfillDays: row.backfillDays,
    createdAt: row.createdAt.toISOString(),
  };
}

/** TLS from the first byte on the ports made for it (993, 465) unless said otherwise. */
const withSecure = (server: MailServerInput, tlsPort: number): MailServer => ({ ...server, secure: server.secure ?? server.port === tlsPort });

/**
 * Settings → Mailboxes (DESIGN §10, issue 13): owners and admins connect,
 * list, test and disconnect mailboxes. Passwords are sealed before they are
 * stored and never leave the server again. The sync itself runs in the
 * supervisor (supervisor.ts) of whichever node holds the mailbox's lease.
 */
export function createMailboxesService(deps: {
  db: Db;
  secrets: MailboxSecrets;
  settings: { allowPrivate: boolean; backfillDays: number };
  /** Starts the sync now on this node / stops it here. */
  onCreated(): void;
  onRemoved(id: string): Promise<void>;
}) {
  const { db, secrets, settings } = deps;

  function authorize(actor: Actor): void {
    if (!canManageMailboxes(actor)) throw new AppError('forbidden', 'Only owners and admins manage mailboxes');
  }

  /** [SSRF] A host that resolves only to addresses a mailbox may not reach is refused now; one that does not resolve yet may later. */
  async function checkHost(field: string, host: string): Promise<void> {
    try {
      await resolveMailHost(host, settings.allowPrivate);
    } catch (err) {
      if (err instanceof MailHostError && err.stage === 'refused') throw new AppError('validation_failed', `${field}: ${err.message}`);
    }
  }

  return {
    /** Before a body is read: someone who may not manage mailboxes learns nothing of what the route wants. */
    authorize,

    async create(actor: Actor, input: MailboxCreateInput): Promise<{ id: string; status: 'connecting' }> {
      authorize(actor);
      await checkHost('imap.host', input.imap.host);
      if (input.smtp) await checkHost('smtp.host', input.smtp.host);
      const imap = withSecure(input.imap, 993);
      const smtp = input.smtp ? withSecure(input.smtp, 465) : null;
      const id = newId();
      await db.transaction(async (tx) => {
        await repo.insertMailbox(tx, {
          id,
          workspaceId: actor.workspaceId,
          createdBy: actor.userId,
          name: input.name,
          address: input.address,
          imapHost: imap.host,
          imapPort: imap.port,
          imapSecure: imap.secure,
          imapUser: imap.user,
          smtpHost: smtp?.host ?? null,
          smtpPort: smtp?.port ?? null,
          smtpSecure: smtp?.secure ?? null,
          smtpUser: smtp?.user ?? null,
          secrets: secrets.seal(id, { imap: imap.password, smtp: smtp?.password ?? null }),
          folders: [...new Set(input.folders ?? ['INBOX'])],
          sentFolder: input.sentFolder ?? null,
          backfillDays: input.backfillDays ?? settings.backfillDays,
          status: 'connecting',
        });
        await insertAudit(tx, {
          workspaceId: actor.workspaceId,
          actorId: actor.userId,
          action: 'mailbox.connect',
          subjectId: id,
          data: { address: input.address, imapHost: imap.host, smtpHost: smtp?.host ?? null },
        });
      });
      deps.onCreated();
      return { id, status: 'connecting' };
    },

    async list(actor: Actor): Promise<MailboxList> {
      authorize(actor);
      return { mailboxes: (await repo.listMailboxes(db, actor.workspaceId)).map(present) };
    },

    /** For the From of a new email: members (not guests) see which mailboxes can send, never how. */
    async senders(actor: Actor): Promise<MailboxSenders> {
      if (actor.role === 'guest') throw new AppError('forbidden', 'Guests do not send from the workspace’s mailboxes');
      const rows = await repo.listMailboxes(db, actor.workspaceId);
      return { mailboxes: rows.filter((r) => r.smtpHost).map((r) => ({ id: r.id, name: r.name, address: r.address })) };
    },

    /** Disconnects: the sync stops and the credentials are gone; every message it brought in stays where it is. */
    async remove(actor: Actor, id: string): Promise<void> {
      authorize(actor);
      const gone = await repo.deleteMailbox(db, actor.workspaceId, id);
      if (!gone) throw notFound('No such mailbox');
      await deps.onRemoved(id);
      await insertAudit(db, {
        workspaceId: actor.workspaceId,
        actorId: actor.userId,
        action: 'mailbox.disconnect',
        subjectId: id,
        data: { address: gone.address },
      });
    },

    /**
     * Tries the servers as given, without storing anything: the name lookup,
     * the connection, TLS, signing in and the folders, for IMAP, then SMTP;
     * the answer names the first step that failed, in the server's words.
     */
    async test(actor: Actor, input: MailboxCreateInput): Promise<MailboxTestResult> {
      authorize(actor);
      const imap = withSecure(input.imap, 993);
      let found: { folders: string[]; sentFolder: string | null } = { folders: [], sentFolder: null };
      try {
        const client = await connectImap(imap, settings.allowPrivate, { connectionMs: 10_000, socketMs: 30_000 });
        try {
          const wanted = [...(input.folders ?? ['INBOX']), ...(input.sentFolder ? [input.sentFolder] : [])];
          found = await checkFolders(client, wanted);
        } finally {
          await client.logout().catch(() => client.close());
        }
      } catch (err) {
        const failure = classifyMailError(err, 'IMAP');
        return { ok: false, failed: { server: 'imap', stage: failure.stage }, message: failure.message, ...found };
      }
      const sentFolder = input.sentFolder ?? found.sentFolder;
      if (input.smtp) {
        try {
          await verifySmtp(withSecure(input.smtp, 465), settings.allowPrivate);
        } catch (err) {
          const failure = classifyMailError(err, 'SMTP');
          return { ok: false, failed: { server: 'smtp', stage: failure.stage }, message: failure.message, folders: found.folders, sentFolder };
        }
      }
      const parts = [
        `IMAP: signed in as ${imap.user}; watching ${(input.folders ?? ['INBOX']).join(', ')}`,
        sentFolder ? `sent mail in "${sentFolder}"` : 'no sent folder found (name one to file what the team sends)',
        input.smtp ? `SMTP: signed in as ${input.smtp.user}` : 'no SMTP server: mail from cases goes out over SMTP_URL',
      ];
      return { ok: true, failed: null, message: parts.join('; '), folders: found.folders, sentFolder };
    },
  };
}
