// Starts the Casehub server for the Playwright suite on a fresh, throw-away
// data directory, so every run begins with an empty database.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compiledServerNodeArgs } from '../scripts/server-flags.mjs';
import { startIdp } from './support/idp.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const port = process.env.PORT ?? '4319';
const dataDir = mkdtempSync(join(tmpdir(), 'casehub-e2e-'));

// The production build, as `pnpm start` runs it: built here if stale (`pnpm e2e` has built it
// already; then this only checks its stamps), so a spec never runs against yesterday's server.
const build = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) {
  console.error('start-server: the build failed');
  process.exit(1);
}

// Single sign-on against a real OpenID provider beside the server (e2e/sso.spec.ts).
const publicUrl = process.env.PUBLIC_URL ?? `http://localhost:${port}`;
const idp = await startIdp({
  port: Number(port) + 2000,
  clientId: 'casehub-e2e',
  clientSecret: 'the e2e client secret',
  redirectUri: `${publicUrl}/api/auth/oidc/callback`,
});

const child = spawn(process.execPath, [...compiledServerNodeArgs, 'apps/server/dist/main.js'], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    PORT: port,
    PUBLIC_URL: publicUrl,
    OIDC_ISSUER: idp.issuer,
    OIDC_CLIENT_ID: 'casehub-e2e',
    OIDC_CLIENT_SECRET: 'the e2e client secret',
    OIDC_NAME: 'Test IdP',
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
  void idp.close();
  process.exit(code ?? (signal ? 1 : 0));
});
