// A PDF extraction process (see extract.ts and lib/child-pool.ts). Plain JS so
// it starts without a loader in any setting (vitest, `node --import tsx`, the
// crash tests' child servers); it loads the TypeScript extractor through tsx.
import { tsImport } from 'tsx/esm/api';

const { default: extractPdfText } = await tsImport('./extract-worker.ts', import.meta.url);

process.on('message', async ({ id, input }) => {
  try {
    process.send?.({ id, ok: true, value: await extractPdfText(input) });
  } catch (err) {
    const code = err && typeof err === 'object' && 'code' in err ? String(err.code) : '';
    process.send?.({ id, ok: false, code, message: err instanceof Error ? err.message : String(err) });
  }
});
process.send?.({ ready: true });
