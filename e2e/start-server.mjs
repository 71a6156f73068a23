// Starts the Casehub server for the Playwright suite on a fresh, throw-away
// data directory, so every run begins with an empty database.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const port = process.env.PORT ?? '4319';
const dataDir = mkdtempSync(join(tmpdir(), 'casehub-e2e-'));

if (!existsSync(join(root, 'apps/web/dist/index.html'))) {
  console.error('start-server: apps/web/dist is missing; run `pnpm build` first (`pnpm e2e` does it).');
  process.exit(1);
}

const tsx = join(root, 'node_modules/.bin/tsx');
const child = spawn(existsSync(tsx) ? tsx : 'npx', existsSync(tsx) ? ['apps/server/src/main.ts'] : ['tsx', 'apps/server/src/main.ts'], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    PORT: port,
    PUBLIC_URL: process.env.PUBLIC_URL ?? `http://localhost:${port}`,
    DATA_DIR: dataDir,
    // Any free port: the suite does not use SMTP, and 2525 may be taken by a dev server.
    SMTP_PORT: process.env.SMTP_PORT ?? '0',
  },
});

let cleaned = false;
function cleanup() {
  if (cleaned) return;
  cleaned = true;
  rmSync(dataDir, { recursive: true, force: true });
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    child.kill(signal);
  });
}

child.on('exit', (code, signal) => {
  cleanup();
  process.exit(code ?? (signal ? 1 : 0));
});
