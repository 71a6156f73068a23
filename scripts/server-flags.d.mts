/** See server-flags.mjs. */
export const serverNodeFlags: readonly string[];
