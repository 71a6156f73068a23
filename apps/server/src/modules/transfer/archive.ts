import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type * as Yauzl from 'yauzl';
import type { Entry, ZipFile } from 'yauzl';
import type * as Yazl from 'yazl';
import { z } from 'zod';
import { lazy } from '../../lib/lazy.js';
import { badArchive } from './tables.js';

const yauzl = lazy<typeof Yauzl>('yauzl');
const yazl = lazy<typeof Yazl>('yazl');

/**
 * The export archive (DESIGN §10): a zip whose `manifest.json` names every
 * other entry with its SHA-256 and size, so a changed byte anywhere is found
 * before anything is imported.
 *
 *   manifest.json                 format, version, counts, entries
 *   workspace.json                the workspace: name, settings (response targets, business hours, pipelines)
 *   tables/<table>.ndjson         relational rows, one JSON object a line (custom field definitions too);
 *                                 a table exported since version 1 began may be absent from older archives
 *   docs/<caseId>/<team|shared>.yjs  each document as one encoded Yjs update
 *   emails/<emailId>.eml          each email's raw source
 *   files/<sha256>                the bytes of files (once per content)
 */
export const archiveFormat = 'casehub-workspace-export';
export const archiveVersion = 1;
export const manifestEntry = 'manifest.json';

export const manifestSchema = z.object({
  format: z.literal(archiveFormat),
  version: z.literal(archiveVersion),
  exportedAt: z.string(),
  workspace: z.object({ id: z.string(), name: z.string() }),
  counts: z.record(z.string(), z.number().int().min(0)),
  entries: z.record(z.string(), z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), size: z.number().int().min(0) })),
});
export type Manifest = z.infer<typeof manifestSchema>;

export const docEntry = (caseId: string, side: string): string => `docs/${caseId}/${side}.yjs`;
export const emailEntry = (emailId: string): string => `emails/${emailId}.eml`;
export const fileEntry = (sha256: string): string => `files/${sha256}`;

/** Entries are stored with one fixed time, so the same workspace exports to the same bytes. */
const entryTime = new Date('2000-01-01T00:00:00Z');

/**
 * Writes entries one after another into a streamed zip, hashing each as it
 * passes; nothing is held but the entry being written. `finish` adds the
 * manifest last, when every hash is known.
 */
export class ArchiveWriter {
  private readonly zip = new (yazl().ZipFile)();
  readonly entries: Manifest['entries'] = {};
  /** The zip's bytes, for a response or a file. */
  readonly output: Readable = asReadable(this.zip.outputStream);

  /** Adds one entry and resolves once the zip has taken all of it. */
  async add(name: string, content: AsyncIterable<Uint8Array> | Uint8Array, compress = true): Promise<void> {
    const hash = createHash('sha256');
    let size = 0;
    const source = content instanceof Uint8Array ? [content] : content;
    const stream = Readable.from(
      (async function* () {
        for await (const chunk of source) {
          hash.update(chunk);
          size += chunk.byteLength;
          yield chunk;
        }
      })(),
      { objectMode: false },
    );
    const done = new Promise<void>((resolve, reject) => {
      stream.once('end', resolve);
      stream.once('error', reject);
    });
    this.zip.addReadStream(stream, name, { mtime: entryTime, compress });
    await done;
    this.entries[name] = { sha256: hash.digest('hex'), size };
  }

  finish(manifest: Omit<Manifest, 'entries'>): void {
    const full: Manifest = { ...manifest, entries: this.entries };
    this.zip.addBuffer(Buffer.from(JSON.stringify(full, null, 2)), manifestEntry, { mtime: entryTime });
    this.zip.end();
  }

  /** Breaks the output off (a failure midway: the reader gets a zip without its directory, which no tool opens). */
  fail(err: unknown): void {
    this.output.destroy(err instanceof Error ? err : new Error(String(err)));
  }
}

const asReadable = (stream: NodeJS.ReadableStream): Readable => (stream instanceof Readable ? stream : new Readable().wrap(stream));

/** An archive opened for reading: its entries by name, each readable as a stream as often as needed. */
export class ArchiveReader {
  private constructor(
    private readonly zip: ZipFile,
    readonly entries: ReadonlyMap<string, Entry>,
  ) {}

  static async open(path: string, maxEntries = 5_000_000): Promise<ArchiveReader> {
    const zip = await new Promise<ZipFile>((resolve, reject) =>
      yauzl().open(path, { lazyEntries: true, autoClose: false, strictFileNames: true, validateEntrySizes: true }, (err, file) =>
        err || !file ? reject(badArchive(`not a zip file (${err?.message ?? 'unreadable'})`)) : resolve(file),
      ),
    );
    const entries = new Map<string, Entry>();
    try {
      await new Promise<void>((resolve, reject) => {
        zip.on('entry', (entry: Entry) => {
          if (entries.has(entry.fileName)) return reject(badArchive(`${entry.fileName} is in it twice`));
          if (entries.size >= maxEntries) return reject(badArchive(`more than ${maxEntries} entries`));
          if (!entry.fileName.endsWith('/')) entries.set(entry.fileName, entry);
          zip.readEntry();
        });
        zip.once('end', () => resolve());
        zip.once('error', (err: Error) => reject(badArchive(err.message)));
        zip.readEntry();
      });
    } catch (err) {
      zip.close();
      throw err;
    }
    return new ArchiveReader(zip, entries);
  }

  /** The entry's bytes as a stream, refused up front if it says it is bigger than `maxBytes`. */
  async stream(name: string, maxBytes: number): Promise<Readable> {
    const entry = this.entries.get(name);
    if (!entry) throw badArchive(`${name} is missing`);
    if (entry.uncompressedSize > maxBytes) throw badArchive(`${name} is larger than ${maxBytes} bytes`);
    return new Promise((resolve, reject) =>
      this.zip.openReadStream(entry, (err, stream) => (err || !stream ? reject(badArchive(`${name}: ${err?.message ?? 'unreadable'}`)) : resolve(stream))),
    );
  }

  async read(name: string, maxBytes: number): Promise<Uint8Array> {
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of await this.stream(name, maxBytes)) chunks.push(chunk as Buffer);
    } catch (err) {
      throw err instanceof Error && err.name === 'AppError' ? err : badArchive(`${name}: ${err instanceof Error ? err.message : String(err)}`);
    }
    return new Uint8Array(Buffer.concat(chunks));
  }

  /** SHA-256 and size of an entry's bytes as they come out of the zip. */
  async digest(name: string, maxBytes: number): Promise<{ sha256: string; size: number }> {
    const hash = createHash('sha256');
    let size = 0;
    try {
      for await (const chunk of await this.stream(name, maxBytes)) {
        hash.update(chunk as Buffer);
        size += (chunk as Buffer).byteLength;
      }
    } catch (err) {
      throw err instanceof Error && err.name === 'AppError' ? err : badArchive(`${name}: ${err instanceof Error ? err.message : String(err)}`);
    }
    return { sha256: hash.digest('hex'), size };
  }

  /** One JSON value per line, with its line number; a line longer than `maxLine` is refused. */
  async *lines(name: string, maxBytes: number, maxLine: number): AsyncGenerator<{ line: number; value: unknown }> {
    let buffer = '';
    let line = 0;
    const decoder = new TextDecoder('utf-8', { fatal: true });
    const parse = (text: string): unknown => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw badArchive(`${name} line ${line} is not JSON`);
      }
    };
    for await (const chunk of await this.stream(name, maxBytes)) {
      buffer += decoder.decode(chunk as Buffer, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n')) >= 0) {
        const text = buffer.slice(0, end);
        buffer = buffer.slice(end + 1);
        line++;
        if (text.trim() !== '') yield { line, value: parse(text) };
      }
      if (buffer.length > maxLine) throw badArchive(`${name} line ${line + 1} is longer than ${maxLine} characters`);
    }
    buffer += decoder.decode();
    line++;
    if (buffer.trim() !== '') yield { line, value: parse(buffer) };
  }

  close(): void {
    this.zip.close();
  }
}
