import { triageCaseInput, triageFileInput, triageListQuery } from '@casehub/contract';
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { requireActor } from '../../http/middleware.js';
import { parseJson, parseQuery } from '../../http/validate.js';
import type { EmailService } from './service.js';

/**
 * The triage queue (issue 21.6): members only, declared in the endpoint
 * table. A guest is answered 404 before any body is read, so they learn
 * nothing of it, not even what a route wants (A4, A6).
 */
export function triageRoutes(emails: EmailService, rawBody: (c: Context<AppEnv>) => Promise<Uint8Array>) {
  return new Hono<AppEnv>()
    .get('/triage/address', async (c) => c.json(await emails.inboxAddress(requireActor(c))))
    .get('/triage/count', async (c) => c.json(await emails.triageCount(requireActor(c))))
    .get('/triage/emails', async (c) => c.json(await emails.triage(requireActor(c), parseQuery(c, triageListQuery))))
    .post('/triage/emails', async (c) => {
      const actor = requireActor(c);
      const result = await emails.ingestIntoTriage(actor, await rawBody(c));
      return c.json(result, result.duplicate ? 200 : 201);
    })
    .post('/triage/emails/:id/file', async (c) => {
      const actor = requireActor(c);
      const { caseId } = await parseJson(c, triageFileInput);
      return c.json(await emails.fileFromTriage(actor, c.req.param('id'), caseId));
    })
    .post('/triage/emails/:id/case', async (c) => {
      const actor = requireActor(c);
      const input = await parseJson(c, triageCaseInput);
      return c.json(await emails.caseFromTriage(actor, c.req.param('id'), input), 201);
    })
    .put('/triage/emails/:id/spam', async (c) => c.json(await emails.markSpam(requireActor(c), c.req.param('id'), true)))
    .delete('/triage/emails/:id/spam', async (c) => c.json(await emails.markSpam(requireActor(c), c.req.param('id'), false)));
}
