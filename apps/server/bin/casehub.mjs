#!/usr/bin/env node
// `pnpm casehub …` (a bin, not a package script: pnpm prints a script's banner
// to standard output, which would land inside `pnpm casehub export > ws.zip`).
// From the sources through tsx where it is installed (a checkout: always the
// code as it is now); else the production build (an image or an install with
// production dependencies only), whose `@casehub/*` imports need node's
// `--conditions=casehub-dist`: asked again with it when it is missing.
import { spawnSync } from 'node:child_process';

const tsx = await import('tsx/esm/api').catch(() => null);
if (tsx) {
  tsx.register();
  await import('../src/cli.ts');
} else if (process.execArgv.some((a) => a.includes('casehub-dist')) || (process.env.NODE_OPTIONS ?? '').includes('casehub-dist')) {
  await import('../dist/cli.js');
} else {
  const cli = new URL('../dist/cli.js', import.meta.url).pathname;
  const run = spawnSync(process.execPath, ['--conditions=casehub-dist', '--enable-source-maps', cli, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(run.status ?? 1);
}
