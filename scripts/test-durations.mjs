// Writes scripts/test-durations.json (seconds per test file, rounded) from the
// last unit run's report (test-results/vitest.json), for scripts/longest-first.ts.
import { readFileSync, writeFileSync } from 'node:fs';
const report = JSON.parse(readFileSync(new URL('../test-results/vitest.json', import.meta.url), 'utf8'));
const seconds = Object.fromEntries(
  report.testResults
    // The path from the repository's root, wherever the run was (another checkout, CI).
    .map((t) => [t.name.replace(/^.*?\/(?=(apps|packages)\/)/, ''), Math.round((t.endTime - t.startTime) / 100) / 10])
    .sort((a, b) => b[1] - a[1]),
);
writeFileSync(new URL('./test-durations.json', import.meta.url), `${JSON.stringify(seconds, null, 2)}\n`);
console.log(`test-durations: ${Object.keys(seconds).length} files`);
