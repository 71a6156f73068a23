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
  const started = performance.now();
  const server = await startServer(config, log);
  const publicUrl = config.publicUrl ?? `http://localhost:${server.port}`;
  log.info(
    { port: server.port, db: server.database.kind, dataDir: server.database.kind === 'pglite' ? config.dataDir : undefined, ms: Math.round(performance.now() - started) },
    'casehub is running',
  );
  process.stdout.write(`\n  Casehub is running at ${publicUrl}\n\n`);

  const shutdown = (signal: string) => {
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
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  bootLog.fatal({ err }, 'casehub failed to start');
  process.exit(1);
});
