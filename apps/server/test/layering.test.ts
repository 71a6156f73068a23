import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * [issue 19.2] The layering is visible from imports alone: sync/ takes
 * authentication and access as an interface and imports no value from
 * modules/; the domain imports nothing from the web layer (http/) but
 * its routes files; Yjs keys are read and written only by case-document.
 * Type-only imports are allowed: they vanish at build.
 */

const src = fileURLToPath(new URL('../src/', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [full] : [];
  });
}

/** The modules a file imports a value from (not `import type`, not `import { type X }` only). */
function valueImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(/^(import|export)\s+(type\s+)?([\s\S]*?)\s+from\s+'([^']+)'/gm)) {
    const [, , typeOnly, clause = '', from = ''] = m;
    if (typeOnly) continue;
    const names = /^\{([\s\S]*)\}$/.exec(clause.trim());
    if (names?.[1] !== undefined && names[1].split(',').every((n) => n.trim() === '' || n.trim().startsWith('type '))) continue;
    found.push(path.resolve(path.dirname(file), from));
  }
  for (const m of text.matchAll(/^import\s+'([^']+)'/gm)) found.push(path.resolve(path.dirname(file), m[1] ?? ''));
  return found;
}

const relative = (f: string) => path.relative(src, f);
const under = (dir: string) => (f: string) => relative(f).startsWith(`${dir}/`);

describe('layering', () => {
  const files = sourceFiles(src);

  it('finds the server source', () => {
    expect(files.filter(under('sync')).length).toBeGreaterThan(5);
    expect(files.filter(under('modules')).length).toBeGreaterThan(50);
    // The check sees value imports: routes files do import from http/.
    expect(files.filter(under('modules')).some((f) => valueImports(f).some(under('http')))).toBe(true);
  });

  it('nothing under sync/ imports a value from modules/', () => {
    const offending = files.filter(under('sync')).flatMap((f) =>
      valueImports(f)
        .filter(under('modules'))
        .map((to) => `${relative(f)} → ${relative(to)}`),
    );
    expect(offending).toEqual([]);
  });

  it('no module imports a value from http/ except its routes file', () => {
    const offending = files
      .filter(under('modules'))
      .filter((f) => !/routes\.ts$/.test(f))
      .flatMap((f) =>
        valueImports(f)
          .filter(under('http'))
          .map((to) => `${relative(f)} → ${relative(to)}`),
      );
    expect(offending).toEqual([]);
  });

  it('no server file reaches into a Yjs document by key: case-document owns them', () => {
    const offending = files.filter((f) => /\.(getMap|getArray|getXmlFragment|getText)\(/.test(readFileSync(f, 'utf8'))).map(relative);
    expect(offending).toEqual([]);
  });
});
