// The V8 flags every compiled Casehub server runs with, listed once. The test
// and e2e harnesses import this list; `pnpm start` (package.json),
// deploy/Dockerfile and deploy/casehub@.service spell it out, and
// scripts/check-config-docs.mjs (part of `pnpm checks`) fails when one of
// them differs. Measured in issue 18 (bench/RESULTS.md):
//
// --max-semi-space-size=4   a young generation of 4 MiB instead of 16: less
//                           resident memory at rest and at peak.
// --liftoff-only            PGlite's WebAssembly stays with V8's baseline
//                           compiler; TurboFan's compilation of its hot
//                           functions held about 100 MiB of thread arenas.
//                           A server on PostgreSQL runs no WebAssembly.
// --heap-growing-percent=50 the old generation may grow to 1.5 × what
//                           survived the last full collection before the
//                           next one, instead of up to 4 ×: without it a
//                           server's peak grew by tens of MiB with every
//                           round of the same load (on PGlite 241 → 424 MiB
//                           over four rounds; with it 226 → 269).
export const serverNodeFlags = ['--max-semi-space-size=4', '--liftoff-only', '--heap-growing-percent=50'];

/**
 * Everything node is given before a checkout's compiled server entry: the
 * flags above, the export condition that resolves `@casehub/*` to their
 * `dist/`, and source maps for stack traces (the image sets the condition
 * through NODE_OPTIONS instead).
 */
export const compiledServerNodeArgs = [...serverNodeFlags, '--conditions=casehub-dist', '--enable-source-maps'];
