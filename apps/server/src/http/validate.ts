import type { Context } from 'hono';
import type { z } from 'zod';
import { AppError } from '../errors.js';
import { validationError } from './errors.js';

/** Largest JSON body accepted by any endpoint that takes JSON. */
const maxJsonBytes = 256 * 1024;

/** Reads a JSON body and parses it with `schema`; bad input is a 400 that names the field. */
export async function parseJson<T extends z.ZodType>(c: Context, schema: T): Promise<z.output<T>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw new AppError('unsupported_media_type', 'Send the body as JSON with Content-Type: application/json');
  }
  const length = Number(c.req.header('content-length') ?? '0');
  if (length > maxJsonBytes) throw new AppError('payload_too_large', `JSON bodies are limited to ${maxJsonBytes} bytes`);
  const text = await c.req.text();
  if (text.length > maxJsonBytes) throw new AppError('payload_too_large', `JSON bodies are limited to ${maxJsonBytes} bytes`);
  let raw: unknown;
  try {
    raw = text === '' ? {} : JSON.parse(text);
  } catch {
    throw new AppError('bad_request', 'The body is not valid JSON');
  }
  return parseWith(schema, raw);
}

export function parseWith<T extends z.ZodType>(schema: T, raw: unknown): z.output<T> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error);
  return parsed.data;
}

export function parseQuery<T extends z.ZodType>(c: Context, schema: T): z.output<T> {
  return parseWith(schema, c.req.query());
}
