import type { ErrorCode } from '@casehub/contract';

/**
 * The one error type services and handlers throw. It lives outside `http/` so
 * the domain never imports the web layer; http/errors.ts maps `code` to a status.
 */
export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const notFound = (what = 'Not found'): AppError => new AppError('not_found', what);
