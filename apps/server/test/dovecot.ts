import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';

/**
 * A private Dovecot (Debian's dovecot-imapd) for the mailbox tests: its own
 * config, state and Maildirs in a temporary directory, IMAP without TLS on
 * 127.0.0.1 and a free port, users in a passwd-file with plaintext
 * passwords (added while it runs: Dovecot reads the file again when it
 * changes). Never the system's service. Run as root (as CI does), the mail
 * processes run as `nobody` and the internal ones as Debian's `dovecot`
 * and `dovenull` users; otherwise all as the current user.
 */
export const dovecotBinary = process.env.DOVECOT_BIN ?? '/usr/sbin/dovecot';
export const dovecotAvailable = existsSync(dovecotBinary);
export const dovecotMissing = `${dovecotBinary} is missing: the mailbox tests against a real IMAP server are skipped (apt-get install dovecot-imapd)`;

export type Dovecot = {
  host: string;
  port: number;
  /** IMAP over TLS from the start, when started with `tls` (else 0). */
  tlsPort: number;
  /** Adds a user with an empty mailbox (INBOX and a Sent folder flagged \Sent). */
  addUser(user: string, password: string): Promise<void>;
  /** Puts a message into a folder by IMAP APPEND, as a mail server delivering it would; `date` is its internal (arrival) date. */
  append(user: string, password: string, folder: string, raw: string | Buffer, date?: Date): Promise<void>;
  /** An IMAP client signed in as that user, for the test to look or change things. */
  client(user: string, password: string): Promise<ImapFlow>;
  stop(): Promise<void>;
};

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function listening(port: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

/**
 * `users`: accounts to have from the start (name → password). Dovecot notices
 * a changed passwd-file by its modification time, so one added within the
 * same second as the last read may be missed a moment: prefer these.
 */
export async function startDovecot(users: Record<string, string> = {}, options: { tls?: { cert: string; key: string } } = {}): Promise<Dovecot> {
  const dir = await mkdtemp(path.join(tmpdir(), 'casehub-dovecot-'));
  await chmod(dir, 0o755);
  const root = process.getuid?.() === 0;
  const me = userInfo();
  const mailUid = root ? 65534 : me.uid;
  const mailGid = root ? 65534 : me.gid;
  const home = path.join(dir, 'home');
  for (const sub of ['run', 'state', 'home']) await mkdir(path.join(dir, sub), { mode: 0o755 });
  if (root) await chown(home, mailUid, mailGid);
  const passwd = path.join(dir, 'passwd');
  await writeFile(
    passwd,
    Object.entries(users)
      .map(([user, pass]) => `${user}:{PLAIN}${pass}::::::\n`)
      .join(''),
    { mode: 0o644 },
  );
  const port = await freePort();
  // With `tls`: STARTTLS on the IMAP port, and IMAP over TLS from the start on `tlsPort`.
  const tlsPort = options.tls ? await freePort() : 0;
  const conf = path.join(dir, 'dovecot.conf');
  await writeFile(
    conf,
    `base_dir = ${dir}/run
state_dir = ${dir}/state
instance_name = casehub-test-${path.basename(dir)}
listen = 127.0.0.1
protocols = imap
${options.tls ? `ssl = yes\nssl_cert = <${options.tls.cert}\nssl_key = <${options.tls.key}` : 'ssl = no'}
disable_plaintext_auth = no
auth_mechanisms = plain login
# Tests try wrong passwords on purpose: no 2 s penalty each.
auth_failure_delay = 0
log_path = ${dir}/dovecot.log
default_internal_user = ${root ? 'dovecot' : me.username}
default_login_user = ${root ? 'dovenull' : me.username}
first_valid_uid = 1
first_valid_gid = 1
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${passwd}
}
userdb {
  driver = static
  args = uid=${mailUid} gid=${mailGid} home=${home}/%u
}
mail_location = maildir:~/Maildir
namespace inbox {
  inbox = yes
  separator = /
  mailbox Sent {
    special_use = \\Sent
    auto = subscribe
  }
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = ${tlsPort}
  }
}
service anvil {
  chroot =
}
`,
  );
  const child: ChildProcess = spawn(dovecotBinary, ['-F', '-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (!(await listening(port, 10_000))) {
    child.kill('SIGKILL');
    const log = await readFile(path.join(dir, 'dovecot.log'), 'utf8').catch(() => '');
    await rm(dir, { recursive: true, force: true });
    throw new Error(`dovecot did not start: ${output}\n${log}`);
  }

  const client = async (user: string, password: string) => {
    // The test's own client stands in for mail arriving: it does not check the test certificate.
    const c = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user, pass: password }, logger: false, tls: { rejectUnauthorized: false } });
    c.on('error', () => undefined);
    await c.connect();
    return c;
  };

  return {
    host: '127.0.0.1',
    port,
    tlsPort,
    async addUser(user, password) {
      await appendFile(passwd, `${user}:{PLAIN}${password}::::::\n`);
    },
    async append(user, password, folder, raw, date) {
      const c = await client(user, password);
      try {
        await c.append(folder, raw, [], date ?? new Date());
      } finally {
        await c.logout();
      }
    },
    client,
    async stop() {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    },
  };
}
