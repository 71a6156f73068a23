import { Readable } from 'node:stream';
import type { Context } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { AppError } from '../../errors.js';
import { requireActor } from '../../http/middleware.js';
import type { EmailService, UploadedFile } from './service.js';
import { triageRoutes } from './triage-routes.js';
import { routes } from '../../http/endpoint.js';

const rawTypes = /^(message\/rfc822|application\/octet-stream|text\/plain|application\/mbox)\b/i;

/** A raw message body; the upload size limit was applied by the app's body limit. */
async function rawBody(c: Context<AppEnv>): Promise<Uint8Array> {
  const type = c.req.header('content-type') ?? '';
  if (!rawTypes.test(type)) {
    throw new AppError('unsupported_media_type', 'Send the raw message with Content-Type: message/rfc822');
  }
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (bytes.byteLength === 0) throw new AppError('bad_request', 'The body is empty: send the raw message');
  return bytes;
}

async function uploads(c: Context<AppEnv>): Promise<UploadedFile[]> {
  if (!/^multipart\/form-data\b/i.test(c.req.header('content-type') ?? '')) {
    throw new AppError('unsupported_media_type', 'Send the files as multipart/form-data, each in a field named "file"');
  }
  let form: FormData;
  try {
    form = await c.req.raw.formData();
  } catch {
    throw new AppError('bad_request', 'The multipart body could not be read');
  }
  const files = form.getAll('file').filter((v) => v instanceof File);
  if (files.length === 0) throw new AppError('validation_failed', 'file: add at least one .eml or .mbox file');
  return Promise.all(files.map(async (f) => ({ name: f.name || 'upload', contentType: f.type, bytes: new Uint8Array(await f.arrayBuffer()) })));
}

export function emailRoutes(emails: EmailService) {
  return routes((on) => {
    // The triage queue's routes (triage-routes.ts).
    triageRoutes(on, emails, rawBody);
    on('POST /api/cases/{id}/emails', async (c, { params }) => {
      const actor = requireActor(c);
      const result = await emails.ingestIntoCase(actor, params.id, await rawBody(c));
      return c.json(result, result.duplicate ? 200 : 201);
    });
    on('POST /api/cases/{id}/emails/import', async (c, { params }) => {
      const actor = requireActor(c);
      const started = await emails.importFiles(actor, params.id, await uploads(c));
      // [issue 20.9] A large upload goes on as a job: 202 with its progress, to poll at .../emails/imports/<id>.
      if ('job' in started) return c.json({ import: started.job }, 202);
      return c.json(started.summary, 200);
    });
    on('GET /api/cases/{id}/emails/imports', async (c, { params }) => c.json({ imports: await emails.listImports(requireActor(c), params.id) }));
    on('GET /api/cases/{id}/emails/imports/{importId}', async (c, { params }) => c.json(await emails.getImport(requireActor(c), params.id, params.importId)));
    on('POST /api/cases/{id}/emails/imports/{importId}/cancel', async (c, { params }) =>
      c.json(await emails.cancelImport(requireActor(c), params.id, params.importId)),
    );
    on('POST /api/cases/{id}/emails/imports/{importId}/resume', async (c, { params }) =>
      c.json(await emails.resumeImport(requireActor(c), params.id, params.importId)),
    );
    on('GET /api/cases/{id}/address', async (c, { params }) => c.json(await emails.caseAddress(requireActor(c), params.id)));
    on('GET /api/cases/{id}/outbox', async (c, { params }) => c.json(await emails.outbox(requireActor(c), params.id)));
    on('GET /api/emails/{id}', async (c, { params }) => c.json(await emails.get(requireActor(c), params.id)));
    on('GET /api/emails/{id}/raw', async (c, { params }) => {
      const { stream, size, name } = await emails.raw(requireActor(c), params.id);
      return new Response(Readable.toWeb(stream) as ReadableStream, {
        headers: {
          'content-type': 'message/rfc822',
          'content-length': String(size),
          'content-disposition': `attachment; filename="${name}"`,
          'x-content-type-options': 'nosniff',
        },
      });
    });
    on('POST /api/cases/{id}/emails/send', async (c, { body, params }) => {
      const actor = requireActor(c);
      return c.json(await emails.send(actor, params.id, await body()), 201);
    });
    on('POST /api/emails/{id}/reply', async (c, { body, params }) => {
      const actor = requireActor(c);
      return c.json(await emails.reply(actor, params.id, await body()), 201);
    });
    on('POST /api/emails/{id}/retry', async (c, { params }) => c.json(await emails.retry(requireActor(c), params.id)));
    on('GET /api/threads/{threadId}', async (c, { params }) => c.json(await emails.thread(requireActor(c), params.threadId)));
  });
}
