// The piscina entry point. Worker threads do not inherit a TypeScript loader
// (vitest transforms in-process; `node --import tsx` registers on the main
// thread only), so this plain module loads the TypeScript worker through tsx.
import { tsImport } from 'tsx/esm/api';

const worker = await tsImport('./extract-worker.ts', import.meta.url);
export default worker.default;
