// Runs shell commands side by side, each line of their output prefixed with its
// label, and exits with the first non-zero status once all have ended.
// Usage: node scripts/parallel.mjs label='command' label='command' ...
// `pnpm test` runs the unit suite (CPU-bound) beside the browser suite (mostly
// waiting on pages and clocks), which together take about as long as the
// longer of the two instead of their sum.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const jobs = process.argv.slice(2).map((arg) => {
  const at = arg.indexOf('=');
  if (at < 1) {
    console.error(`parallel: expected label=command, got "${arg}"`);
    process.exit(2);
  }
  return { label: arg.slice(0, at), command: arg.slice(at + 1) };
});
const width = Math.max(...jobs.map((j) => j.label.length));

const runs = jobs.map(
  ({ label, command }) =>
    new Promise((resolve) => {
      const started = Date.now();
      const child = spawn(command, { shell: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '1' } });
      const prefix = `[${label.padEnd(width)}] `;
      for (const [stream, out] of [[child.stdout, process.stdout], [child.stderr, process.stderr]]) {
        createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => out.write(prefix + line + '\n'));
      }
      child.on('close', (code, signal) => {
        const status = code ?? (signal ? 1 : 0);
        console.log(`${prefix}ended with ${status}${signal ? ` (${signal})` : ''} after ${Math.round((Date.now() - started) / 1000)} s`);
        resolve(status);
      });
    }),
);

const statuses = await Promise.all(runs);
process.exit(statuses.find((s) => s !== 0) ?? 0);
