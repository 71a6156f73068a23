import type { MailboxTestStage } from '@casehub/contract';
import type { ImapFlow, ImapFlowOptions } from 'imapflow';
import { MailHostError, resolveMailHost } from './net.js';

/** One server of a mailbox, with its password opened. */
export type MailServer = { host: string; port: number; secure: boolean; user: string; password: string };

/** A failure, with where it happened and the server's (or the network's) words. */
export class MailServerError extends Error {
  override name = 'MailServerError';
  constructor(
    message: string,
    readonly stage: MailboxTestStage,
  ) {
    super(message);
  }
}

const tlsCodes = /^(ERR_SSL_|ERR_TLS_|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_(GET|VERIFY)_|HOSTNAME_MISMATCH|ERR_OSSL_)/;
const dnsCodes = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME']);

/** Names where a connection attempt failed, from the error an IMAP or SMTP client threw. */
export function classifyMailError(err: unknown, server: 'IMAP' | 'SMTP'): MailServerError {
  if (err instanceof MailServerError) return err;
  if (err instanceof MailHostError) return new MailServerError(err.message, err.stage === 'dns' ? 'dns' : 'connect');
  const e = err instanceof Error ? err : new Error(String(err));
  const code = 'code' in e && typeof e.code === 'string' ? e.code : '';
  const responseText = 'responseText' in e && typeof e.responseText === 'string' ? e.responseText : '';
  const response = 'response' in e && typeof e.response === 'string' ? e.response : '';
  const words = (responseText || response || e.message).trim().slice(0, 400);
  const authFailed = ('authenticationFailed' in e && e.authenticationFailed === true) || code === 'EAUTH';
  if (authFailed) return new MailServerError(`${server} sign-in failed; the server said: ${words}`, 'login');
  if (dnsCodes.has(code)) return new MailServerError(`${server} server name does not resolve (${code})`, 'dns');
  if (tlsCodes.test(code) || /\b(ssl|tls|certificate)\b/i.test(e.message) || code === 'ETLS') {
    return new MailServerError(`${server} TLS failed: ${e.message.slice(0, 300)}`, 'tls');
  }
  if (
    ['ECONNREFUSED', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'ECONNECTION', 'ESOCKET', 'EPIPE'].includes(code) ||
    /timeout/i.test(e.message)
  ) {
    return new MailServerError(`${server} server unreachable: ${e.message.slice(0, 300)}`, 'connect');
  }
  return new MailServerError(`${server} server: ${words}`, 'connect');
}

export type ImapTimeouts = { connectionMs: number; socketMs: number };

/**
 * Opens and signs in an IMAP connection to the checked address (the host
 * name kept for TLS). Plain connections upgrade with STARTTLS when offered.
 */
export async function connectImap(server: MailServer, allowPrivate: boolean, timeouts: ImapTimeouts = { connectionMs: 15_000, socketMs: 5 * 60_000 }) {
  const address = await resolveMailHost(server.host, allowPrivate);
  const options: ImapFlowOptions = {
    host: address,
    port: server.port,
    secure: server.secure,
    servername: server.host,
    auth: { user: server.user, pass: server.password },
    logger: false,
    connectionTimeout: timeouts.connectionMs,
    greetingTimeout: timeouts.connectionMs,
    socketTimeout: timeouts.socketMs,
    // IDLE is restarted within this, so a connection a middlebox silently dropped is found out.
    maxIdleTime: 4 * 60_000,
    // Auto-IDLE soon after each command: new mail is heard within seconds of a sync pass.
    autoIdleDelay: 1000,
    missingIdleCommand: 'STATUS',
    disableCompression: true,
    clientInfo: { name: 'Casehub' },
  };
  // Loaded on first use: a server with no mailbox connected never holds the IMAP client (issue 18's memory).
  const { ImapFlow: Client } = await import('imapflow');
  const client: ImapFlow = new Client(options);
  // An error after connect() (a dropped socket) also ends with 'close', which the caller watches.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (err) {
    client.close();
    throw classifyMailError(err, 'IMAP');
  }
  return client;
}

/** The folder the server flags \Sent (RFC 6154), if any. */
export async function findSentFolder(client: ImapFlow): Promise<string | null> {
  const list = await client.list();
  return list.find((f) => f.specialUse === '\\Sent')?.path ?? null;
}

/** Lists folders, and checks that each wanted one can be opened; a missing one is a 'folder' failure naming it. */
export async function checkFolders(client: ImapFlow, wanted: string[]): Promise<{ folders: string[]; sentFolder: string | null }> {
  const list = await client.list();
  const paths = list.map((f) => f.path);
  const sentFolder = list.find((f) => f.specialUse === '\\Sent')?.path ?? null;
  for (const folder of wanted) {
    try {
      const status = await client.status(folder, { messages: true });
      if (!status) throw new Error('no status');
    } catch (err) {
      const words = err instanceof Error && 'responseText' in err && typeof err.responseText === 'string' ? err.responseText : '';
      throw new MailServerError(
        `IMAP folder "${folder}" cannot be opened${words ? `; the server said: ${words}` : ''} (folders: ${paths.join(', ')})`,
        'folder',
      );
    }
  }
  return { folders: paths, sentFolder };
}
