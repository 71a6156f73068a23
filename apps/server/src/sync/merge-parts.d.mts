/** See merge-parts.mjs. */
export function mergeParts(parts: Uint8Array[]): { merged: Uint8Array; skipped: number };
