import type { z } from 'zod';

export type FieldErrors = Partial<Record<string, string>>;

/** First message per field from a failed zod parse, keyed by the top-level field name. */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? '');
    if (out[key] === undefined) out[key] = issue.message;
  }
  return out;
}
