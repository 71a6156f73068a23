import pino from 'pino';
import { ConfigError, loadConfig } from './config.js';
import { startServer } from './server.js';

const bootLog = pino();

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const log = pino({ level: config.logLevel });
  // Signals are heard from the start: the HTTP port opens before the recurring
  // jobs have started, and a SIGTERM in between must still drain, not kill.
  let stopAsked: string | undefined;
  let shutdown = (signal: string) => {
    log.info({ signal }, 'stop asked while starting: shutting down once started');
    stopAsked = signal;
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  const started = performance.now();
  const server = await startServer(config, log).catch((err: unknown) => {
    // A key file that holds no key (SECRET_KEY, DESIGN §7) is found only at start-up.
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  });
  const publicUrl = config.publicUrl ?? `http://localhost:${server.port}`;
  log.info(
    {
      port: server.port,
      db: server.database.kind,
      dataDir: server.database.kind === 'pglite' ? config.dataDir : undefined,
      ms: Math.round(performance.now() - started),
    },
    'casehub is running',
  );
  process.stdout.write(`\n  Casehub is running at ${publicUrl}\n\n`);

  shutdown = (signal: string) => {
    log.info({ signal }, 'shutting down: draining connections and pending writes');
    const force = setTimeout(() => {
      log.error('shutdown took over 15 s; exiting');
      process.exit(1);
    }, 15_000);
    force.unref();
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  if (stopAsked) shutdown(stopAsked);

  // Last resort: an error nothing caught means the process's state is unknown.
  // Going on would be worse than a restart, so log it, stop taking work, let
  // pending commits finish (nothing uncommitted was ever sent: S1), and exit
  // non-zero for the supervisor to restart us. Never swallow and continue.
  let dying = false;
  const die = (kind: string, err: unknown) => {
    log.fatal({ err, kind }, 'unexpected error; exiting for a restart');
    if (dying) return;
    dying = true;
    setTimeout(() => process.exit(1), 5_000).unref();
    server.close().then(
      () => process.exit(1),
      () => process.exit(1),
    );
  };
  process.on('uncaughtException', (err) => die('uncaughtException', err));
  process.on('unhandledRejection', (err) => die('unhandledRejection', err));
}

main().catch((err: unknown) => {
  bootLog.fatal({ err }, 'casehub failed to start');
  process.exit(1);
});
