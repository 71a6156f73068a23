import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Runs the test files that took longest in a recorded run first, so the
 * workers finish together instead of one ending on a long file started late.
 * Vitest does this by itself from its cache, which a fresh clone (CI) does not
 * have: there it falls back to the largest files first, and file size says
 * little about time (crash.test.ts is small and takes 100 s of child
 * processes). `scripts/test-durations.json` holds seconds per file from a full
 * run (`node scripts/test-durations.mjs` writes it from the last run's report);
 * a file it does not know yet counts as a middling one.
 */
const known: Record<string, number> = JSON.parse(readFileSync(new URL('./test-durations.json', import.meta.url), 'utf8')) as Record<string, number>;
const unknownSeconds = 8;

export class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    const seconds = (f: TestSpecification) => known[relative(root, f.moduleId)] ?? unknownSeconds;
    return [...files].sort((a, b) => seconds(b) - seconds(a));
  }
}
