import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { SMTPServerDataStream, SMTPServerSession } from 'smtp-server';
import type { Db } from '../../storage/db.js';
import { parseInboundAddress } from './address.js';
import type { Ingest } from './ingest.js';
import * as repo from './repo.js';
import { checkSmtpSender, type DNSResolver, type SenderAuth } from './sender-auth.js';

export type SmtpInbound = { port: number; close(): Promise<void> };

export type SmtpInboundOptions = {
  port: number;
  host: string;
  maxBytes: number;
  /** SMTP_MAX_RECIPIENTS: each recipient costs a lookup, and each distinct case one stored copy. */
  maxRecipients: number;
  mailDomain: string;
  db: Db;
  ingest: Ingest;
  log: Logger;
  /** DNS for the SPF, DKIM and DMARC checks; the system's when absent (tests pass a table). */
  resolver?: DNSResolver;
};

/** How long the sender checks may take before the message is stored without a verdict. */
const authTimeoutMs = 15_000;

type Target = { workspaceId: string; caseId: string | null };

const smtpError = (responseCode: number, message: string): Error => Object.assign(new Error(message), { responseCode });

/**
 * The built-in SMTP server (a connector beside HTTP upload and mbox import).
 * Mail is accepted for a case address (it lands on that case) and for a
 * workspace's inbox address (triage, or the case of the thread it replies
 * to); anything else is refused at RCPT with 550, so we never accept mail we
 * cannot place. 250 is answered only after the email is committed; an
 * internal failure answers 451 and the sender tries again (duplicates are
 * recognised, so a retry after a half-answered success stores nothing twice).
 * No AUTH and no STARTTLS: this is an inbound MX-style endpoint.
 */
export async function startSmtpInbound(opts: SmtpInboundOptions): Promise<SmtpInbound> {
  const { db, log, mailDomain } = opts;

  async function resolve(address: string): Promise<Target | null> {
    const target = parseInboundAddress(address, mailDomain);
    if (!target) return null;
    if (target.kind === 'case') {
      const found = await repo.findCaseForAddress(db, target.caseId);
      return found ? { workspaceId: found.workspaceId, caseId: found.id } : null;
    }
    return (await repo.workspaceExists(db, target.workspaceId)) ? { workspaceId: target.workspaceId, caseId: null } : null;
  }

  async function readAll(stream: SMTPServerDataStream): Promise<Buffer | null> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of stream) {
      if (!Buffer.isBuffer(chunk)) continue;
      size += chunk.byteLength;
      // Keep reading to the end of DATA, but stop holding bytes past the limit.
      if (size <= opts.maxBytes) chunks.push(chunk);
    }
    return stream.sizeExceeded || size > opts.maxBytes ? null : Buffer.concat(chunks);
  }

  /**
   * [issue 13.7] SPF, DKIM and DMARC (mailauth) with what this connection
   * told: the client's address, its HELO name and MAIL FROM. A check that
   * fails to finish (DNS down or slow) leaves the message without a verdict,
   * as an upload has: it is stored all the same.
   */
  async function checkSender(raw: Buffer, session: SMTPServerSession): Promise<SenderAuth | null> {
    const envelope = {
      ip: session.remoteAddress,
      helo: session.hostNameAppearsAs || session.clientHostname || '',
      mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
    };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), authTimeoutMs);
    });
    try {
      const verdict = await Promise.race([checkSmtpSender(raw, envelope, { mta: mailDomain, resolver: opts.resolver }), timeout]);
      if (!verdict) log.warn({ ip: envelope.ip }, 'smtp: the sender checks took too long; stored without a verdict');
      return verdict;
    } catch (err) {
      log.warn({ err, ip: envelope.ip }, 'smtp: the sender checks failed; stored without a verdict');
      return null;
    } finally {
      clearTimeout(timer);
    }
  }

  async function deliver(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<string> {
    const raw = await readAll(stream);
    if (!raw) throw smtpError(552, '5.3.4 Message too big for this system (MAX_UPLOAD_MB)');
    const targets = new Map<string, Target>();
    for (const rcpt of session.envelope.rcptTo) {
      const target = await resolve(rcpt.address);
      if (target) targets.set(`${target.workspaceId}/${target.caseId ?? ''}`, target);
    }
    if (targets.size === 0) throw smtpError(550, '5.1.1 No such mailbox here');
    const senderAuth = await checkSender(raw, session);
    const ids: string[] = [];
    for (const target of targets.values()) {
      const result = await opts.ingest({ ...target, raw, source: 'smtp', createdBy: null, senderAuth });
      ids.push(result.emailId);
    }
    return `2.0.0 Stored as ${ids.join(', ')}`;
  }

  const { SMTPServer } = await import('smtp-server');
  const server = new SMTPServer({
    name: mailDomain,
    banner: 'Casehub inbound mail',
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    size: opts.maxBytes,
    // Past this, RCPT is answered 452 before any lookup; the sender sends the rest in another message.
    maxRecipients: opts.maxRecipients,
    logger: false,
    maxClients: 200,
    socketTimeout: 60_000,
    closeTimeout: 2_000,
    onRcptTo(address, _session, callback) {
      resolve(address.address).then(
        (target) => callback(target ? null : smtpError(550, `5.1.1 <${address.address}>: no such mailbox here`)),
        (err: unknown) => {
          log.error({ err }, 'smtp: could not look up a recipient');
          callback(smtpError(451, '4.3.0 Temporary failure, try again later'));
        },
      );
    },
    onData(stream, session, callback) {
      deliver(stream, session).then(
        (message) => callback(null, message),
        (err: unknown) => {
          if (err instanceof Error && 'responseCode' in err) return callback(err);
          log.error({ err }, 'smtp: could not store a message');
          callback(smtpError(451, '4.3.0 Temporary failure storing the message, try again later'));
        },
      );
    },
  });
  server.on('error', (err) => log.warn({ err }, 'smtp server error'));

  await new Promise<void>((resolveListen, reject) => {
    server.server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.server.off('error', reject);
      resolveListen();
    });
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? (address satisfies AddressInfo).port : opts.port;
  log.info({ port }, 'smtp inbound listening');
  return {
    port,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
