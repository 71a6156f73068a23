#!/usr/bin/env node
// Builds what is stale, for production: the web app (Vite) and the server with
// the workspace packages it imports (TypeScript emitted as JavaScript, run by
// plain node with `--conditions=casehub-dist`, which makes `@casehub/*` resolve
// to their dist/). A part is current when the SHA-256 of its inputs' contents
// equals the stamp its last build left, so `pnpm start` after a restart, a
// checkout or a touch of nothing that matters builds nothing. Content, not
// mtimes: a git checkout rewrites mtimes without changing a byte.
//
//   node scripts/build.mjs [web] [server] [--force]   (no part named: both)
//   node scripts/build.mjs [part…] --check            (builds nothing; exits 0 when current, 3 when not)
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stampDir = path.join(root, 'node_modules/.cache/casehub-build');

/** What every part depends on: the shared packages, the compiler settings, the exact dependency versions, this script. */
const shared = ['packages/contract', 'packages/case-document', 'tsconfig.base.json', 'pnpm-lock.yaml', 'scripts/build.mjs'];
/** The workspace packages the server imports, emitted to their own dist/ (the `casehub-dist` export condition). */
const serverPackages = ['packages/contract', 'packages/case-document'];

const parts = {
  web: {
    inputs: [...shared, 'apps/web/src', 'apps/web/public', 'apps/web/index.html', 'apps/web/vite.config.ts', 'apps/web/package.json', 'apps/web/tsconfig.json'],
    outputs: ['apps/web/dist/index.html'],
    build: buildWeb,
  },
  server: {
    inputs: [...shared, 'apps/server/src', 'apps/server/package.json', 'apps/server/tsconfig.json', 'apps/server/tsconfig.build.json'],
    outputs: ['apps/server/dist/main.js', 'apps/server/dist/cli.js', ...serverPackages.map((p) => `${p}/dist/index.js`)],
    build: buildServer,
  },
};

/** Files under `rel` (or `rel` itself), sorted; tests, builds and installed modules are no input. */
function files(rel) {
  const abs = path.join(root, rel);
  if (!existsSync(abs)) return [];
  if (statSync(abs).isFile()) return [rel];
  const out = [];
  for (const entry of readdirSync(abs, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('dist.')) continue;
    const child = path.posix.join(rel, entry.name);
    if (entry.isDirectory()) out.push(...files(child));
    else if (entry.isFile() && !/\.test\.tsx?$/.test(entry.name)) out.push(child);
  }
  return out.sort();
}

function inputHash(inputs) {
  const hash = createHash('sha256');
  for (const file of [...new Set(inputs.flatMap(files))].sort()) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(path.join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

function run(command, args, cwd = root) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`${path.basename(args[0] ?? command)} exited with ${code ?? signal}`))));
  });
}

const requireFrom = (dir) => createRequire(path.join(root, dir, 'package.json'));

async function buildWeb() {
  const vite = path.join(path.dirname(requireFrom('apps/web').resolve('vite/package.json')), 'bin/vite.js');
  await run(process.execPath, [vite, 'build'], path.join(root, 'apps/web'));
}

/**
 * `tsc --noCheck` emits each file as it is (typechecking is `pnpm typecheck`'s job),
 * into dist/ beside src/ at the same depth, so every `new URL('../…', import.meta.url)`
 * (migrations, the web app, worker and child files) finds the same place from either.
 * Each output is written beside and swapped in whole, so a server already running
 * from dist/ never sees half of one.
 */
async function buildServer() {
  const tsc = requireFrom('.').resolve('typescript/bin/tsc');
  const dirs = [...serverPackages, 'apps/server'];
  const temp = `dist.build-${process.pid}`;
  try {
    for (const dir of dirs) {
      await run(process.execPath, [tsc, '-p', path.join(dir, 'tsconfig.build.json'), '--noCheck', '--outDir', path.join(dir, temp)]);
      // Plain JavaScript files run as they are: worker threads and child processes started by path.
      for (const file of files(path.join(dir, 'src')).filter((f) => f.endsWith('.mjs'))) {
        const target = path.join(root, dir, temp, path.relative(path.join(dir, 'src'), file));
        mkdirSync(path.dirname(target), { recursive: true });
        cpSync(path.join(root, file), target);
      }
    }
    for (const dir of dirs) {
      const dist = path.join(root, dir, 'dist');
      rmSync(`${dist}.old`, { recursive: true, force: true });
      if (existsSync(dist)) renameSync(dist, `${dist}.old`);
      renameSync(path.join(root, dir, temp), dist);
      rmSync(`${dist}.old`, { recursive: true, force: true });
    }
  } finally {
    for (const dir of dirs) rmSync(path.join(root, dir, temp), { recursive: true, force: true });
  }
}

const args = process.argv.slice(2);
const force = args.includes('--force');
const checkOnly = args.includes('--check');
const named = args.filter((a) => !a.startsWith('--'));
for (const name of named) {
  if (!(name in parts)) {
    process.stderr.write(`build: unknown part ${name} (web, server)\n`);
    process.exit(2);
  }
}

mkdirSync(stampDir, { recursive: true });
for (const name of named.length > 0 ? named : Object.keys(parts)) {
  const part = parts[name];
  const stampFile = path.join(stampDir, name);
  const hash = inputHash(part.inputs);
  const built = part.outputs.every((o) => existsSync(path.join(root, o)));
  if (!force && built && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === hash) {
    if (!checkOnly) process.stderr.write(`build: ${name} is current\n`);
    continue;
  }
  if (checkOnly) process.exit(3);
  const started = performance.now();
  rmSync(stampFile, { force: true });
  await part.build();
  writeFileSync(stampFile, hash);
  process.stderr.write(`build: ${name} built in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}
