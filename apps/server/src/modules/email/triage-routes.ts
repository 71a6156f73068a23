import type { Context } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { requireActor } from '../../http/middleware.js';
import type { EmailService } from './service.js';
import type { On } from '../../http/endpoint.js';

/**
 * The triage queue (issue 21.6): members only, declared in the endpoint
 * table. A guest is answered 404 before any body is read, so they learn
 * nothing of it, not even what a route wants (A4, A6).
 */
export function triageRoutes(on: On, emails: EmailService, rawBody: (c: Context<AppEnv>) => Promise<Uint8Array>): void {
  on('GET /api/triage/address', async (c) => c.json(await emails.inboxAddress(requireActor(c))));
  on('GET /api/triage/count', async (c) => c.json(await emails.triageCount(requireActor(c))));
  on('GET /api/triage/emails', async (c, { query }) => c.json(await emails.triage(requireActor(c), query())));
  on('POST /api/triage/emails', async (c) => {
    const actor = requireActor(c);
    const result = await emails.ingestIntoTriage(actor, await rawBody(c));
    return c.json(result, result.duplicate ? 200 : 201);
  });
  on('POST /api/triage/emails/{id}/file', async (c, { body, params }) => {
    const actor = requireActor(c);
    const { caseId } = await body();
    return c.json(await emails.fileFromTriage(actor, params.id, caseId));
  });
  on('POST /api/triage/emails/{id}/case', async (c, { body, params }) => {
    const actor = requireActor(c);
    const input = await body();
    return c.json(await emails.caseFromTriage(actor, params.id, input), 201);
  });
  on('PUT /api/triage/emails/{id}/spam', async (c, { params }) => c.json(await emails.markSpam(requireActor(c), params.id, true)));
  on('DELETE /api/triage/emails/{id}/spam', async (c, { params }) => c.json(await emails.markSpam(requireActor(c), params.id, false)));
}
