import { nodemailer } from '../../lib/lazy-mail.js';
import { classifyMailError, type MailServer } from './imap.js';
import { resolveMailHost } from './net.js';

/** A transport to a mailbox's SMTP server at its checked address (the host name kept for TLS and SNI). */
export async function smtpTransport(server: MailServer, allowPrivate: boolean) {
  const address = await resolveMailHost(server.host, allowPrivate);
  return nodemailer().createTransport({
    host: address,
    port: server.port,
    secure: server.secure,
    auth: { user: server.user, pass: server.password },
    tls: { servername: server.host },
    name: 'casehub',
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
}

/** Connects and signs in, then quits: a connection test's SMTP half. */
export async function verifySmtp(server: MailServer, allowPrivate: boolean): Promise<void> {
  try {
    const transport = await smtpTransport(server, allowPrivate);
    try {
      await transport.verify();
    } finally {
      transport.close();
    }
  } catch (err) {
    throw classifyMailError(err, 'SMTP');
  }
}
