import type { Logger } from 'pino';
import type { Db } from '../../storage/db.js';
import type { MailboxSender } from '../email/outbound.js';
import { connectImap, findSentFolder } from './imap.js';
import * as repo from './repo.js';
import { imapServerOf, smtpServerOf, type MailboxSecrets } from './service.js';
import { smtpTransport } from './smtp.js';

/** A failure no retry mends (the mailbox is gone, or has no SMTP server). */
const permanent = (message: string): Error => Object.assign(new Error(message), { permanent: true });

/**
 * Mail from a case through a connected mailbox (DESIGN §10 `emails/send`
 * with `mailboxId`): out over its SMTP server, From its address, and a copy
 * appended to its sent folder, where the sync later sees it and recognises
 * it by its Message-ID.
 */
export function createMailboxSender({
  db,
  secrets,
  allowPrivate,
  log,
}: {
  db: Db;
  secrets: MailboxSecrets;
  allowPrivate: boolean;
  log: Logger;
}): MailboxSender {
  return {
    async lookup(workspaceId, mailboxId) {
      const row = await repo.findMailbox(db, workspaceId, mailboxId);
      if (!row) return { refused: 'mailboxId: no such mailbox (connect it in Settings → Mailboxes, or leave it out to send from the case address)' };
      if (!row.smtpHost) return { refused: `mailboxId: ${row.address} has no SMTP server to send with; add one by connecting it again` };
      return { address: row.address, name: row.name };
    },

    async send(workspaceId, mailboxId, envelope, raw) {
      const row = await repo.findMailbox(db, workspaceId, mailboxId);
      if (!row) throw permanent('The mailbox this was to go through was disconnected; send it again from another');
      const server = smtpServerOf(secrets, row);
      if (!server) throw permanent(`${row.address} has no SMTP server to send with`);
      const transport = await smtpTransport(server, allowPrivate);
      try {
        await transport.sendMail({ envelope, raw });
      } finally {
        transport.close();
      }
    },

    async appendSent(workspaceId, mailboxId, raw) {
      const row = await repo.findMailbox(db, workspaceId, mailboxId);
      if (!row) return;
      const client = await connectImap(imapServerOf(secrets)(row), allowPrivate, { connectionMs: 15_000, socketMs: 60_000 });
      try {
        const folder = row.sentFolder ?? row.sentFound ?? (await findSentFolder(client));
        if (!folder) {
          log.warn({ mailboxId }, 'sent through a mailbox with no sent folder: no copy kept there');
          return;
        }
        await client.append(folder, raw, ['\\Seen'], new Date());
      } finally {
        await client.logout().catch(() => client.close());
      }
    },
  };
}
