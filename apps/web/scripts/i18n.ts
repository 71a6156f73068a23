/**
 * Helpers for translators and reviewers (issue 17.7), run from the repository root:
 *   npx tsx apps/web/scripts/i18n.ts missing de            texts the app uses that German lacks
 *   npx tsx apps/web/scripts/i18n.ts untranslated <dir…>   JSX text and shown attributes not going through t()
 * Paths are relative to apps/web/src. Exits 1 when it lists anything.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { keysIn, untranslatedIn } from '../src/i18n/scan';
import { de } from '../src/i18n/de';

const root = join(import.meta.dirname, '../src');
const resources: Record<string, Record<string, string>> = { de };

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'i18n' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

const [command, ...args] = process.argv.slice(2);
let found = 0;
if (command === 'missing') {
  const resource = resources[args[0] ?? ''];
  if (!resource) throw new Error(`Which locale? One of: ${Object.keys(resources).join(', ')}`);
  const seen = new Set<string>();
  for (const file of sourceFiles(root)) {
    for (const { key, plural } of keysIn(file, readFileSync(file, 'utf8'))) {
      const forms = plural ? [`${key}_one`, `${key}_other`] : [key];
      for (const form of forms) {
        if (resource[form] !== undefined || seen.has(form)) continue;
        seen.add(form);
        found += 1;
        process.stdout.write(`${JSON.stringify(form)}\n`);
      }
    }
  }
} else if (command === 'untranslated') {
  const files = (args.length > 0 ? args : ['.']).flatMap((dir) => {
    const path = join(root, dir);
    return statSync(path).isDirectory() ? sourceFiles(path) : [path];
  });
  for (const file of files) {
    for (const { line, text } of untranslatedIn(file, readFileSync(file, 'utf8'))) {
      found += 1;
      process.stdout.write(`${relative(root, file)}:${line}: ${text}\n`);
    }
  }
} else {
  throw new Error('Usage: i18n.ts missing <locale> | untranslated [dir…]');
}
process.exitCode = found > 0 ? 1 : 0;
