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
 * socket that was accepted and later closed by the server. y-websocket treats
 * 4400-4499 as final (it stops reconnecting and emits `closed`) and every
 * other code as transient (it reconnects and resends what the server lacks).
 */
export const closeCodes = {
  /** a frame that could not be decoded */
  badFrame: 4400,
  /** a change would grow the document past MAX_DOC_BYTES; resending it cannot help */
  documentTooLarge: 4413,
  /** a frame over MAX_FRAME_BYTES (sent by `ws` itself) */
  frameTooLarge: 1009,
  /** the database did not take the change; reconnect, and the client sends it again */
  storageUnavailable: 1011,
  /** the client read so slowly that MAX_BUFFERED_BYTES piled up for it; reconnect and resync */
  tooSlow: 1013,
  /** the session or token stopped being valid (signed out, revoked) */
  unauthenticated: 4401,
  /** access to the document was revoked while connected */
  forbidden: 4403,
  /** access changed but remains (a new workspace role, or a new right to write): reconnect at once, under the new one; nothing is lost */
  reconnect: 4000,
  /** the server is shutting down; reconnect elsewhere */
  goingAway: 1001,
} as const;
