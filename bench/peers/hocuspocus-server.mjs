// Hocuspocus 4.x with @hocuspocus/extension-database storing one file per
// document under DATA_DIR (the SQLite extension needs better-sqlite3's native
// binary, which cannot be downloaded on this machine). Debounce settings are
// Hocuspocus's defaults (debounce 2 s, maxDebounce 10 s). Run with plain node.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Server } from '@hocuspocus/server';
import { Database } from '@hocuspocus/extension-database';

const dir = process.env.DATA_DIR;
if (!dir) throw new Error('DATA_DIR is required');
await mkdir(dir, { recursive: true });
const file = (name) => path.join(dir, `${encodeURIComponent(name)}.ydoc`);

const server = new Server({
  port: Number(process.env.PORT),
  address: '127.0.0.1',
  quiet: true,
  extensions: [
    new Database({
      fetch: async ({ documentName }) => {
        try {
          return new Uint8Array(await readFile(file(documentName)));
        } catch (err) {
          if (err.code === 'ENOENT') return null;
          throw err;
        }
      },
      store: async ({ documentName, state }) => {
        const tmp = `${file(documentName)}.${process.pid}.tmp`;
        await writeFile(tmp, state);
        await rename(tmp, file(documentName));
      },
    }),
  ],
});
await server.listen();
process.stdout.write(`hocuspocus listening on ${process.env.PORT}\n`);
