import { defineConfig } from 'vitest/config';
import { LongestFirst } from './scripts/longest-first.ts';

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'apps/server/{src,test}/**/*.test.ts', 'apps/web/src/**/*.test.{ts,tsx}'],
    exclude: ['**/node_modules/**', 'e2e/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration suites start real servers and databases. Two cores, but much of a test is waiting
    // (timers, child processes, the database): three files at a time took 664 s against 730 s for two.
    maxWorkers: 3,
    // Each file imported the whole server afresh (about 180 s of module loading per run). The server keeps no
    // state in its modules (services are built per server by factories), so files of one worker share them.
    isolate: false,
    reporters: ['default'],
    // A fresh clone has no timing cache: the longest files of a recorded run go first (scripts/longest-first.ts).
    sequence: { sequencer: LongestFirst },
  },
});
