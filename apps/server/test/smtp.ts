import { SMTPServer } from 'smtp-server';

/** A message as the server got it; `user` is who signed in to send it (null without AUTH). */
export type Received = { from: string; to: string[]; raw: Buffer; user: string | null };

/**
 * A stand-in for the outside mail server; `rejectNext` answers the next RCPT
 * with 550. With `auth`, it wants that user and password (PLAIN or LOGIN,
 * without TLS) and refuses any other with 535.
 */
export async function testSmtp(port = 0, options: { auth?: { user: string; password: string } } = {}) {
  const received: Received[] = [];
  const state = { rejectNext: false };
  const { auth } = options;
  const server = new SMTPServer({
    ...(auth
      ? {
          disabledCommands: ['STARTTLS'],
          authMethods: ['PLAIN', 'LOGIN'],
          allowInsecureAuth: true,
          onAuth(given, _session, callback) {
            if (given.username === auth.user && given.password === auth.password) return callback(null, { user: given.username });
            callback(Object.assign(new Error('5.7.8 Authentication credentials invalid'), { responseCode: 535 }));
          },
        }
      : { disabledCommands: ['STARTTLS', 'AUTH'], authOptional: true }),
    // No reverse DNS of 127.0.0.1 (slow where no resolver answers).
    disableReverseLookup: true,
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (!state.rejectNext) return callback();
      state.rejectNext = false;
      callback(Object.assign(new Error('5.1.1 mailbox unavailable'), { responseCode: 550 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
          user: session.user === undefined ? null : String(session.user),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  const address = server.server.address();
  return {
    received,
    state,
    port: typeof address === 'object' && address ? address.port : port,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
