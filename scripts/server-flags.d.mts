/** See server-flags.mjs. */
export const serverNodeFlags: readonly string[];
/** See server-flags.mjs. */
export const compiledServerNodeArgs: readonly string[];
