import { describe } from 'vitest';
import { largeImportSuite } from './attacker-import.js';
import { backends } from './helpers.js';

// With TEST_DATABASE_URL, as the other PostgreSQL-only suites (multinode, triage on two nodes).
describe.runIf(backends.includes('postgres'))('on PostgreSQL', () => largeImportSuite('postgres'));
