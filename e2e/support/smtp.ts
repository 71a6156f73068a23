import { connect } from 'node:net';

/**
 * Sends one message to an SMTP server with plain SMTP (no TLS, no AUTH), as
 * a mail server out in the world would: what the built-in SMTP server
 * answers to the end of DATA (250 "Stored as <id>") is returned.
 */
export function sendSmtp(port: number, message: { from: string; to: string; raw: string }): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const body = message.raw.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..');
    const steps = [`EHLO e2e.example`, `MAIL FROM:<${message.from}>`, `RCPT TO:<${message.to}>`, 'DATA', `${body}\r\n.`, 'QUIT'];
    let buffer = '';
    let step = -1;
    let stored = '';
    socket.setEncoding('utf8');
    socket.setTimeout(10_000, () => socket.destroy(new Error('SMTP timed out')));
    socket.on('error', reject);
    socket.on('close', () => (stored ? resolve(stored) : reject(new Error(`SMTP ended early: ${buffer.trim()}`))));
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      // A reply is complete at a line "NNN text" (a dash after the code means more lines follow).
      const lines = buffer.split('\r\n');
      const last = lines.findLast((l) => /^\d{3} /.test(l));
      if (!last) return;
      buffer = '';
      const code = Number(last.slice(0, 3));
      if (code >= 400) {
        socket.destroy(new Error(`SMTP refused: ${last}`));
        return;
      }
      if (steps[step] === `${body}\r\n.`) stored = last;
      step += 1;
      const next = steps[step];
      if (next !== undefined) socket.write(`${next}\r\n`);
    });
  });
}
