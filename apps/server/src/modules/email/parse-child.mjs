// A parser process (see parse.ts and lib/child-pool.ts). Plain JS so it starts
// without a loader in any setting (vitest, `node --import tsx`, the crash
// tests' child servers). From the sources it loads the TypeScript parser
// through tsx; from a build (apps/server/dist, where tsx need not be
// installed), the compiled one beside it.
import { existsSync } from 'node:fs';

const compiled = new URL('./parse-worker.js', import.meta.url);
const { default: parseEmail } = existsSync(compiled)
  ? await import(compiled.href)
  : await (await import('tsx/esm/api')).tsImport('./parse-worker.ts', import.meta.url);

process.on('message', async ({ id, input }) => {
  try {
    process.send?.({ id, ok: true, value: await parseEmail(input) });
  } catch (err) {
    const code = err && typeof err === 'object' && 'code' in err ? String(err.code) : '';
    process.send?.({ id, ok: false, code, message: err instanceof Error ? err.message : String(err) });
  }
});
process.send?.({ ready: true });
