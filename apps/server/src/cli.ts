import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pino from 'pino';
import { CliUsageError, parseCliArgs } from './cli-args.js';
import { ConfigError, loadConfig } from './config.js';
import { AppError } from './errors.js';
import { rebuildProjections } from './modules/projections/rebuild.js';
import { createTransferService } from './modules/transfer/service.js';
import { FsBlobStore, s3BlobStore, type BlobStore } from './storage/blobs.js';
import { openDatabase } from './storage/db.js';

const usage = `Usage:
  pnpm casehub export --workspace <id> [--out <file>]   the workspace as a zip (to standard output unless --out)
  pnpm casehub import <file>                            restores an export as a new workspace on this server
  pnpm casehub rebuild-projections                      writes the case index, the activity index and the promise
                                                        index again from every case's documents

Each uses the server's own configuration (DATABASE_URL or DATA_DIR, S3_*). With PGlite
(no DATABASE_URL), stop the server first: one process at a time opens its data directory.`;

/**
 * The command line of the export and import (issue 16.3): the same service
 * as GET /api/export and POST /api/import, run by whoever runs the server,
 * so no owner's session is needed; the import makes a new workspace whose
 * owners are the archive's. And the projection rebuild (issue 18).
 */
async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseCliArgs(argv);
  } catch (err) {
    if (!(err instanceof CliUsageError)) throw err;
    process.stderr.write(`casehub: ${err.message}\n${usage}\n`);
    return 2;
  }
  const { command, positionals } = args;
  if (command !== 'export' && command !== 'import' && command !== 'rebuild-projections') {
    process.stderr.write(`${usage}\n`);
    return command === undefined || command === 'help' || command === '--help' ? 0 : 2;
  }
  const config = loadConfig();
  // Standard output may be the archive itself: logs go to standard error.
  const log = pino({ level: config.logLevel }, pino.destination(2));
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  if (command === 'rebuild-projections') {
    try {
      const started = performance.now();
      const result = await rebuildProjections(database.db, log, (done, of) => {
        if (done % 100 === 0 || done === of) log.info({ done, of }, 'cases rebuilt');
      });
      process.stdout.write(`${JSON.stringify({ ...result, ms: Math.round(performance.now() - started) })}\n`);
      return 0;
    } finally {
      await database.close();
    }
  }
  const blobs: BlobStore = config.s3 ? await s3BlobStore(config.s3) : new FsBlobStore(path.join(config.dataDir, 'blobs'));
  const transfer = createTransferService({
    db: database.db,
    blobs,
    log,
    tempDir: path.join(config.dataDir, 'tmp'),
    limits: { maxDocBytes: config.maxDocBytes, maxBlobBytes: config.maxImportBytes },
  });
  try {
    if (command === 'export') {
      if (!args.workspace) throw new AppError('validation_failed', 'export needs --workspace <id> (GET /api/me shows yours)');
      const { stream } = await transfer.export(null, args.workspace);
      await pipeline(stream, args.out ? createWriteStream(args.out) : process.stdout);
      return 0;
    }
    const file = positionals[0];
    if (!file) throw new AppError('validation_failed', 'import needs the archive: pnpm casehub import ws.zip');
    const result = await transfer.importFile(path.resolve(file), { kind: 'new' });
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return 0;
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const message = err instanceof AppError || err instanceof ConfigError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err);
    process.stderr.write(`casehub: ${message}\n`);
    process.exit(err instanceof AppError || err instanceof ConfigError ? 2 : 1);
  },
);
