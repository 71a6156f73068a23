// A parser process (see parse.ts and lib/child-pool.ts). Plain JS so it starts
// without a loader in any setting (vitest, `node --import tsx`, the crash
// tests' child servers); it loads the TypeScript parser through tsx.
import { tsImport } from 'tsx/esm/api';

const { default: parseEmail } = await tsImport('./parse-worker.ts', import.meta.url);

process.on('message', async ({ id, input }) => {
  try {
    process.send?.({ id, ok: true, value: await parseEmail(input) });
  } catch (err) {
    const code = err && typeof err === 'object' && 'code' in err ? String(err.code) : '';
    process.send?.({ id, ok: false, code, message: err instanceof Error ? err.message : String(err) });
  }
});
process.send?.({ ready: true });
