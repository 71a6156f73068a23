import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import { errorBody } from './errors.js';
import { routes } from './endpoint.js';

/**
 * Where swagger-ui-dist's files are. Not its `getAbsoluteFSPath` export: importing the package's main
 * module evaluates the whole Swagger UI bundle in the server (about a second of CPU at every start).
 */
const swaggerDir = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

const page = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Casehub API</title>
    <link rel="stylesheet" href="/api/docs/swagger-ui.css" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/api/docs/swagger-ui-bundle.js"></script>
    <script src="/api/docs/init.js"></script>
  </body>
</html>
`;

// A script file rather than an inline one, so a content security policy without 'unsafe-inline' still runs it.
const init = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: true, withCredentials: true });\n`;

const assets: Record<string, string> = { 'swagger-ui.css': 'text/css; charset=utf-8', 'swagger-ui-bundle.js': 'text/javascript; charset=utf-8' };

/**
 * GET /api/docs: an interactive reference of GET /api/openapi.json (Swagger
 * UI from the swagger-ui-dist package, served by this server: it works
 * offline and asks nothing of any other host).
 */
export function docsRoutes() {
  const cache = new Map<string, Buffer>();
  return routes((on) => {
    on('GET /api/docs', (c) => c.html(page));
    on('GET /api/docs/{file}', async (c, { params }) => {
      const file = params.file;
      if (file === 'init.js') return c.body(init, 200, { 'content-type': 'text/javascript; charset=utf-8' });
      const type = assets[file];
      if (!type) return c.json(errorBody('not_found', `No file ${file} in the API reference`), 404);
      let bytes = cache.get(file);
      if (!bytes) {
        bytes = await readFile(path.join(swaggerDir, file));
        cache.set(file, bytes);
      }
      return c.body(new Uint8Array(bytes), 200, { 'content-type': type, 'cache-control': 'public, max-age=86400' });
    });
  });
}
