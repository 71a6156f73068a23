import { z } from 'zod';

/** Every error the API can answer, with the HTTP status it maps to (DESIGN.md §9). */
export const errorStatus = {
  bad_request: 400,
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  csrf_rejected: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/**
 * WebSocket close codes used by /sync. Upgrades that fail authentication are
 * refused with an HTTP status before the socket opens; these codes are for a
 * socket that was accepted and later closed by the server.
 */
export const closeCodes = {
  /** a frame that could not be decoded or was too large */
  badFrame: 4400,
  /** the session or token stopped being valid (signed out, revoked) */
  unauthenticated: 4401,
  /** access to the document was revoked while connected */
  forbidden: 4403,
  /** the server is shutting down; reconnect elsewhere */
  goingAway: 1001,
} as const;
