import { fileURLToPath } from 'node:url';

/**
 * The real-world emails and PDFs the tests use: a byte-exact copy of the
 * project's shared corpus, kept in the repository (fixtures/corpus, with its
 * README giving each file's source and licence) so the suite runs from a
 * clone alone.
 */
export const corpusDir = fileURLToPath(new URL('../../../fixtures/corpus', import.meta.url));
export const emailCorpusDir = `${corpusDir}/email`;
export const pdfCorpusDir = `${corpusDir}/pdf`;
