import { largeImportSuite } from './attacker-import.js';

largeImportSuite('pglite');
