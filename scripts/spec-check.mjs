// Every claim of docs/SPEC.md is proven by a test that cites it (issue 19.5).
//
// A claim is a rule id (`S1.1`, `A3`) written as `- **<id>` at the start of a
// list item; an id with numbered items under it (`S2` over `S2.1`, `S2.2`) is
// a heading and is not cited itself. A test cites a claim by `[<id>]` in the
// title of an `it`, `test` or `describe` in the server's tests, the unit tests
// of apps and packages, or the e2e specs. Fails, listing them, when a claim is
// cited by no title, or a title cites an id that is not a claim (a typo, a
// heading, a rule since split or renumbered). A claim written
// `- **<id>** *No test yet.*` is listed, not failed, until a test cites it;
// then the check fails until the words are taken out.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Files under `dir` (relative to the root) whose names pass `keep`, skipping node_modules. */
function filesUnder(dir, keep) {
  const found = [];
  const walk = (rel) => {
    let entries;
    try {
      entries = readdirSync(path.join(root, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name === 'node_modules' || e.name === 'dist') continue;
      const child = path.join(rel, e.name);
      if (e.isDirectory()) walk(child);
      else if (keep(child)) found.push(child);
    }
  };
  walk(dir);
  return found;
}

const testFiles = [
  ...filesUnder('apps/server/test', (f) => f.endsWith('.test.ts')),
  ...readdirSync(path.join(root, 'apps')).flatMap((app) => filesUnder(path.join('apps', app, 'src'), (f) => /\.test\.tsx?$/.test(f))),
  ...filesUnder('packages', (f) => f.endsWith('.test.ts')),
  ...filesUnder('e2e', (f) => f.endsWith('.spec.ts') && path.dirname(f) === 'e2e'),
];

const spec = readFileSync(path.join(root, 'docs/SPEC.md'), 'utf8');
const ids = [...spec.matchAll(/^\s*- \*\*([SARDNMH]\d+(?:\.\d+)?)\b/gm)].map((m) => m[1]);
const duplicated = ids.filter((id, i) => ids.indexOf(id) !== i);
const claims = new Set(ids.filter((id) => !ids.some((other) => other.startsWith(`${id}.`))));
const untested = new Set([...spec.matchAll(/^\s*- \*\*([SARDNMH]\d+(?:\.\d+)?)\*\* \*No test yet\.\*/gm)].map((m) => m[1]));

// `it(`, `test.describe(`, `it.each([...])(`, `describe.runIf(ready)(` … then the title literal.
const modifier = String.raw`\.(?:each|skip|only|concurrent|sequential|skipIf|runIf|fails|todo|describe|serial|parallel|fixme|slow)(?:\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\))?`;
const titleCall = new RegExp(String.raw`\b(?:it|test|describe)(?:${modifier})*\(\s*(['"\`])((?:\\.|(?!\1)[^\\])*)\1`, 'g');

const citedBy = new Map();
const unknown = [];
for (const file of testFiles) {
  const text = readFileSync(path.join(root, file), 'utf8');
  for (const call of text.matchAll(titleCall)) {
    const title = call[2];
    for (const cite of title.matchAll(/\[([SARDNMH]\d+(?:\.\d+)?)\]/g)) {
      const id = cite[1];
      if (!claims.has(id)) unknown.push(`${file}: [${id}] in "${title.slice(0, 80)}"`);
      else citedBy.set(id, [...(citedBy.get(id) ?? []), file]);
    }
  }
}

const uncited = [...claims].filter((id) => !citedBy.has(id) && !untested.has(id));
const problems = [
  ...duplicated.map((id) => `docs/SPEC.md: ${id} is defined twice`),
  ...uncited.map((id) => `docs/SPEC.md: ${id} is cited by no test title`),
  ...[...untested].filter((id) => citedBy.has(id)).map((id) => `docs/SPEC.md: ${id} says "No test yet", but ${citedBy.get(id)?.[0]} cites it`),
  ...unknown.map((line) => `${line}: not a claim of docs/SPEC.md`),
];
if (problems.length > 0) {
  console.error(`spec-check: ${problems.length} problem(s)\n${problems.map((p) => `  ${p}`).join('\n')}`);
  process.exit(1);
}
const pending = [...untested].filter((id) => claims.has(id));
console.log(
  `spec-check: ${claims.size - pending.length} of ${claims.size} claims of docs/SPEC.md are cited by test titles (${testFiles.length} test files)` +
    (pending.length > 0 ? `; no test yet: ${pending.join(', ')}` : ''),
);
