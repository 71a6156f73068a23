import { describe, it } from 'vitest';
import { largeImportSuite } from './attacker-import.js';
import { backends } from './helpers.js';

if (backends.includes('postgres')) largeImportSuite('postgres');
else describe.skip('attacker: a large mbox import on postgres (TEST_DATABASE_URL is not set)', () => it('runs with PostgreSQL'));
