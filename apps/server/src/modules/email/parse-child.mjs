// A parser process (see parse.ts). Plain JS so it starts without a loader in
// any setting (vitest, `node --import tsx`, the crash tests' child servers);
// it loads the TypeScript parser through tsx.
import { tsImport } from 'tsx/esm/api';

const { default: parseEmail } = await tsImport('./parse-worker.ts', import.meta.url);

process.on('message', async (task) => {
  try {
    const email = await parseEmail(task.raw);
    process.send?.({ id: task.id, ok: true, email });
  } catch (err) {
    const code = err && typeof err === 'object' && 'code' in err ? String(err.code) : '';
    process.send?.({ id: task.id, ok: false, code, message: err instanceof Error ? err.message : String(err) });
  }
});
process.send?.({ ready: true });
