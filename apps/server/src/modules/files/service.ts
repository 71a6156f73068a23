import type { Db } from '../../storage/db.js';
import { newId } from '../../lib/ids.js';
import { enqueueJob } from '../../jobs/runner.js';
import type { BlobStore } from '../../storage/blobs.js';
import { files } from '../../storage/schema.js';

/** The job that extracts a file's text (PDF) off the main thread. */
export const extractTextJob = 'file.extractText';

export type FileInput = { name: string; contentType: string; bytes: Uint8Array };
export type FileOwner = { workspaceId: string; caseId: string | null; emailId?: string | null; createdBy: string | null };
export type PreparedFile = { row: typeof files.$inferInsert; extract: boolean };

/** A file name safe to store and show: no path, no control characters, not empty. */
export function cleanFileName(name: string, fallback = 'file'): string {
  const base = name.replace(/\\/g, '/').split('/').pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 255);
  return clean === '' || clean === '.' || clean === '..' ? fallback : clean;
}

/** PDFs are recognised by their header anywhere in the first KiB (some carry junk before it). */
export function looksLikePdf(input: { name: string; contentType: string; bytes: Uint8Array }): boolean {
  if (/pdf/i.test(input.contentType) || /\.pdf$/i.test(input.name)) return true;
  const head = Buffer.from(input.bytes.subarray(0, 1024)).toString('latin1');
  return head.includes('%PDF-');
}

/**
 * Stores the bytes in the blob store and returns the row to insert. The
 * row is inserted by `insertPrepared`, inside the caller's transaction, so a
 * file exists in the database only together with what it belongs to; a blob
 * left by a crash before that commit is unreferenced and harmless.
 */
export async function prepareFile(blobs: BlobStore, input: FileInput, owner: FileOwner, id = newId()): Promise<PreparedFile> {
  const sha256 = await blobs.put(input.bytes);
  const extract = looksLikePdf(input);
  return {
    extract,
    row: {
      id,
      workspaceId: owner.workspaceId,
      caseId: owner.caseId,
      emailId: owner.emailId ?? null,
      name: cleanFileName(input.name),
      contentType: input.contentType || 'application/octet-stream',
      size: input.bytes.byteLength,
      sha256,
      textStatus: extract ? 'pending' : 'none',
      createdBy: owner.createdBy,
    },
  };
}

/** Inserts prepared files and queues their text extraction, in the caller's transaction. */
export async function insertPrepared(tx: Db, prepared: PreparedFile[], activityIds: Map<string, string> = new Map()): Promise<void> {
  if (prepared.length === 0) return;
  await tx.insert(files).values(prepared.map((p) => ({ ...p.row, activityId: activityIds.get(p.row.id) ?? p.row.activityId ?? null })));
  for (const p of prepared) {
    if (p.extract) await enqueueJob(tx, extractTextJob, { fileId: p.row.id }, { maxAttempts: 3 });
  }
}
