import { Readable } from 'node:stream';
import { AppError } from '../../errors.js';
import { requireActor } from '../../http/middleware.js';
import type { FilesService } from './service.js';
import { routes } from '../../http/endpoint.js';

export function fileRoutes(files: FilesService) {
  return routes((on) => {
    on('POST /api/cases/{id}/files', async (c, { params }) => {
      const actor = requireActor(c);
      const file = await readFilePart(c.req.raw);
      const bytes = new Uint8Array(await file.arrayBuffer());
      const created = await files.upload(actor, params.id, { name: file.name, contentType: file.type, bytes });
      return c.json(created, 201);
    });
    on('GET /api/files/{id}', async (c, { params }) => c.json(await files.meta(requireActor(c), params.id)));
    on('GET /api/files/{id}/content', async (c, { params }) => {
      const result = await files.content(requireActor(c), params.id, {
        range: c.req.header('range'),
        ifNoneMatch: c.req.header('if-none-match'),
        ifRange: c.req.header('if-range'),
      });
      const body = result.body ? (Readable.toWeb(result.body) as ReadableStream<Uint8Array>) : null;
      return new Response(body, { status: result.status, headers: result.headers });
    });
  });
}

/** The multipart field `file`; anything else is a 400 that says what to send. */
async function readFilePart(request: Request): Promise<File> {
  if (!/^multipart\/form-data\b/i.test(request.headers.get('content-type') ?? '')) {
    throw new AppError('unsupported_media_type', 'Send the file as multipart/form-data in a field named "file"');
  }
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw new AppError('bad_request', 'The multipart body could not be read');
  }
  const file = form.get('file');
  if (!(file instanceof File)) throw new AppError('validation_failed', 'file: attach the file in a multipart field named "file"');
  return file;
}
