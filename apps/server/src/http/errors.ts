import { errorStatus, type ErrorBody } from '@casehub/contract';
import type { Context } from 'hono';
import type { z } from 'zod';
import { AppError } from '../errors.js';

export function errorBody(code: string, message: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

/** Names each bad field: "password: must be at least 8 characters". */
export function describeZodError(error: z.ZodError): string {
  return error.issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; ');
}

export function validationError(error: z.ZodError): AppError {
  return new AppError(
    'validation_failed',
    describeZodError(error),
    error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  );
}

/** The one place an `AppError`'s code becomes an HTTP status. */
export function respondError(c: Context, err: AppError): Response {
  return c.json(errorBody(err.code, err.message, err.details), errorStatus[err.code]);
}
