#!/usr/bin/env node
// The configuration is named in three places that must agree: the server's
// schema (apps/server/src/config.ts), the README's Configuration table, and
// deploy/.env.example. And deploy/nginx.conf lets through what MAX_UPLOAD_MB
// lets through by default. And every place that starts the compiled server
// gives node the flags of scripts/server-flags.mjs. Part of `pnpm checks`.
import { readFileSync } from 'node:fs';
import { serverNodeFlags } from './server-flags.mjs';

const read = (file) => readFileSync(new URL(`../${file}`, import.meta.url), 'utf8');
const problems = [];

const schema = read('apps/server/src/config.ts');
const schemaBody = schema.slice(schema.indexOf('const envSchema = z.object({'), schema.indexOf('\n});', schema.indexOf('const envSchema')));
const inSchema = new Set([...schemaBody.matchAll(/^ {2}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]));

const readme = read('README.md');
const table = readme.slice(readme.indexOf('\n## Configuration'), readme.indexOf('\n### ', readme.indexOf('\n## Configuration')));
const rows = table.split('\n').filter((l) => l.startsWith('| `'));
const inReadme = new Map();
for (const row of rows) {
  const [names, fallback] = row.slice(1).split(' | ');
  for (const [, name] of names.matchAll(/`([A-Z][A-Z0-9_]+)`/g)) inReadme.set(name, fallback.trim());
}

const composeOnly = new Set(['POSTGRES_PASSWORD']);
const inExample = new Set([...read('deploy/.env.example').matchAll(/^#? ?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]).filter((n) => !composeOnly.has(n)));

const compare = (a, aName, b, bName) => {
  for (const name of a) if (!(b instanceof Map ? b.has(name) : b.has(name))) problems.push(`${name} is in ${aName} but not in ${bName}`);
};
compare(inSchema, 'config.ts', inReadme, "the README's Configuration table");
compare(inReadme.keys(), "the README's Configuration table", inSchema, 'config.ts');
compare(inReadme.keys(), "the README's Configuration table", inExample, 'deploy/.env.example');
compare(inExample, 'deploy/.env.example', inReadme, "the README's Configuration table");

const upload = /^`(\d+)`$/.exec(inReadme.get('MAX_UPLOAD_MB') ?? '')?.[1];
const nginx = /^\s*client_max_body_size\s+(\d+)m;/m.exec(read('deploy/nginx.conf'))?.[1];
if (!upload || upload !== nginx)
  problems.push(`deploy/nginx.conf's client_max_body_size (${nginx ?? 'missing'}m) is not MAX_UPLOAD_MB's default (${upload ?? 'missing'})`);

// V8 flags of the same names as serverNodeFlags', in each start command written out by hand.
const flagNames = new Set(serverNodeFlags.map((f) => f.split('=')[0]));
const starts = {
  "package.json's start script": JSON.parse(read('package.json')).scripts.start,
  "deploy/Dockerfile's CMD": JSON.parse(/^CMD (\[.*\])$/m.exec(read('deploy/Dockerfile'))?.[1] ?? '[]').join(' '),
  "deploy/casehub@.service's ExecStart": /^ExecStart=(.*)$/m.exec(read('deploy/casehub@.service'))?.[1] ?? '',
};
for (const [where, command] of Object.entries(starts)) {
  const given = command.split(/\s+/).filter((word) => flagNames.has(word.split('=')[0]));
  if (given.join(' ') !== serverNodeFlags.join(' '))
    problems.push(`${where} gives node ${given.join(' ') || 'none'} instead of scripts/server-flags.mjs's ${serverNodeFlags.join(' ')}`);
}

if (problems.length > 0) {
  for (const p of problems) console.error(`config-docs: ${p}`);
  process.exit(1);
}
console.log(
  `config-docs: ${inReadme.size} variables agree in config.ts, the README and deploy/.env.example; nginx takes ${nginx} MB; ${Object.keys(starts).length} start commands give node ${serverNodeFlags.join(' ')}`,
);
