import { csvKind, type CsvKind } from '@casehub/contract';
import { type Context } from 'hono';
import { stream } from 'hono/streaming';
import type { AppEnv } from '../../http/context.js';
import { requireActor } from '../../http/middleware.js';
import { AppError } from '../../errors.js';
import type { CsvService } from './service.js';
import { routes } from '../../http/endpoint.js';

function kindOf(c: Context<AppEnv>): CsvKind {
  const parsed = csvKind.safeParse(c.req.param('kind'));
  if (!parsed.success) throw new AppError('not_found', `No CSV import for "${c.req.param('kind') ?? ''}": contacts, accounts or cases`);
  return parsed.data;
}

/** The uploaded file as text: UTF-8, or Windows-1252 (what older Excel saves) when it is not valid UTF-8. */
async function fileText(c: Context<AppEnv>): Promise<string> {
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** Issue 16.2: `POST /api/csv/<kind>/preview`, `POST /api/csv/<kind>/import`, and `GET /api/<kind>.csv`. */
export function csvRoutes(csv: CsvService) {
  const download = (kind: CsvKind) => async (c: Context<AppEnv>) => {
    const body = await csv.export(requireActor(c), kind);
    return c.body(body, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${kind}-${new Date().toISOString().slice(0, 10)}.csv"`,
    });
  };
  return routes((on) => {
    on('POST /api/csv/{kind}/preview', async (c) => {
      const actor = requireActor(c);
      return c.json(await csv.preview(actor, kindOf(c), await fileText(c)));
    });
    on('POST /api/csv/{kind}/import', async (c, { query }) => {
      const actor = requireActor(c);
      const kind = kindOf(c);
      const { mapping, dryRun } = query();
      const text = await fileText(c);
      const options = { mapping, dryRun: dryRun === 'true' || dryRun === '1' };
      if (!(c.req.header('accept') ?? '').includes('application/x-ndjson')) return c.json(await csv.import(actor, kind, text, options));
      // Progress as it goes: one JSON line per step, the result last (or the error).
      c.header('content-type', 'application/x-ndjson; charset=utf-8');
      return stream(c, async (out) => {
        try {
          const result = await csv.import(actor, kind, text, {
            ...options,
            onProgress: (done, total) => void out.write(`${JSON.stringify({ progress: { done, total } })}\n`),
          });
          await out.write(`${JSON.stringify({ result })}\n`);
        } catch (err) {
          const message = err instanceof AppError ? err.message : 'The import stopped on an error on our side; it has been logged';
          if (!(err instanceof AppError)) c.get('log').error({ err }, 'csv import failed');
          await out.write(`${JSON.stringify({ error: { code: err instanceof AppError ? err.code : 'internal', message } })}\n`);
        }
      });
    });
    on('GET /api/contacts.csv', download('contacts'));
    on('GET /api/accounts.csv', download('accounts'));
    on('GET /api/cases.csv', download('cases'));
  });
}
