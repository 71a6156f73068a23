import { errorStatus, type ErrorBody, type ErrorCode } from '@casehub/contract';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';

/** The one error type handlers throw; the error handler maps `code` to a status. */
export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  get status(): ContentfulStatusCode {
    return errorStatus[this.code];
  }
}

export const notFound = (what = 'Not found'): AppError => new AppError('not_found', what);

export function errorBody(code: string, message: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

/** Names each bad field: "password: must be at least 8 characters". */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

export function validationError(error: z.ZodError): AppError {
  return new AppError(
    'validation_failed',
    describeZodError(error),
    error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  );
}

export function respondError(c: Context, err: AppError): Response {
  return c.json(errorBody(err.code, err.message, err.details), err.status);
}
