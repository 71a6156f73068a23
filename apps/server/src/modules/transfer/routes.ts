import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { AppError } from '../../errors.js';
import { requireActor } from '../../http/middleware.js';
import type { TransferService } from './service.js';
import { routes } from '../../http/endpoint.js';

/** `GET /api/export` and `POST /api/import` (DESIGN §10): owner only. */
export function transferRoutes(transfer: TransferService) {
  return routes((on) => {
    on('GET /api/export', async (c) => {
      const actor = requireActor(c);
      const { name, stream } = await transfer.export(actor, actor.workspaceId);
      const file = `casehub-${name.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 60) || 'workspace'}-${new Date().toISOString().slice(0, 10)}.zip`;
      return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, {
        headers: { 'content-type': 'application/zip', 'content-disposition': `attachment; filename="${file}"`, 'cache-control': 'no-store' },
      });
    });
    on('POST /api/import', async (c) => {
      // A refusal (not the owner, a workspace with cases) comes before the body is read: the
      // connection is closed after the answer, so no client sends its next request on a socket
      // still full of the unread archive.
      c.header('connection', 'close');
      const actor = requireActor(c);
      const body = await archiveBody(c.req.raw);
      const result = await transfer.importStream(actor, body, { kind: 'into', workspaceId: actor.workspaceId, userId: actor.userId });
      return c.json({
        workspaceId: result.workspaceId,
        cases: result.cases,
        emails: result.emails,
        files: result.files,
        contacts: result.contacts,
        accounts: result.accounts,
        documents: result.documents,
        notEnrolled: result.notEnrolled,
      });
    });
  });
}

/** The archive as the raw body (application/zip), or a multipart field `file`. */
async function archiveBody(request: Request): Promise<Readable> {
  if (/^multipart\/form-data\b/i.test(request.headers.get('content-type') ?? '')) {
    let form: FormData;
    try {
      form = await request.formData();
    } catch {
      throw new AppError('bad_request', 'The multipart body could not be read');
    }
    const file = form.get('file');
    if (!(file instanceof File)) throw new AppError('validation_failed', 'file: attach the archive in a multipart field named "file"');
    return Readable.fromWeb(file.stream() as WebReadableStream<Uint8Array>);
  }
  if (!request.body) throw new AppError('bad_request', 'Send the archive from GET /api/export as the request body');
  return Readable.fromWeb(request.body as WebReadableStream<Uint8Array>);
}
