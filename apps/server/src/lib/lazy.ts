import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * [issue 18] A CommonJS package loaded the first time it is used rather than
 * when the server starts. Mail, HTML, CSV, archive and password libraries are
 * code a server busy syncing documents may never run; loaded up front they
 * held about 15 MiB of its resident memory. Synchronous, so call sites stay
 * synchronous: `const sanitize = lazy<typeof sanitizeHtml>('sanitize-html')` (with
 * `import type sanitizeHtml from 'sanitize-html'`), then `sanitize()(html, options)`.
 */
export function lazy<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(id) as T);
}
