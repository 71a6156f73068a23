import type { Readable } from 'node:stream';
import type { FileMeta, FileUploadResponse } from '@casehub/contract';
import { z } from 'zod';
import { AppError, notFound } from '../../errors.js';
import { newId } from '../../lib/ids.js';
import { enqueueJob, RetryableError, type JobRunner } from '../../jobs/runner.js';
import type { BlobStore } from '../../storage/blobs.js';
import type { Db } from '../../storage/db.js';
import { files } from '../../storage/schema.js';
import { can, canInWorkspace, uploadSide, type Actor } from '../access/policy.js';
import { isSharedWithGuests, upsertSharedItems } from '../activity/repo.js';
import { notify } from '../notifications/service.js';
import type { ActivityService } from '../activity/service.js';
import type { VisitsService } from '../visits/service.js';
import type { CasesService } from '../cases/service.js';
import { contentHeaders, parseRange, resolveContentType } from './content.js';
import type { PdfExtractor } from './extract.js';
import * as repo from './repo.js';

/** The job that extracts a file's text (PDF) off the main thread. */
export const extractTextJob = 'file.extractText';

export type FileInput = { name: string; contentType: string; bytes: Uint8Array };
export type FileOwner = { workspaceId: string; caseId: string | null; emailId?: string | null; createdBy: string | null };
export type PreparedFile = { row: typeof files.$inferInsert; extract: boolean };

/** A file name safe to store and show: no path, no control characters, not empty. */
export function cleanFileName(name: string, fallback = 'file'): string {
  const base = name.replace(/\\/g, '/').split('/').pop() ?? '';
  // Control characters are exactly what this strips.
  // eslint-disable-next-line no-control-regex
  const controls = /[\u0000-\u001f\u007f]/g;
  const clean = base.replace(controls, '').trim().slice(0, 255);
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
      contentType: resolveContentType(input.contentType, input.name, input.bytes),
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

export type FilesService = ReturnType<typeof createFilesService>;

export type FileContent = { status: 200 | 206 | 304 | 416; headers: Record<string, string>; body: Readable | null };

const fileNotFound = () => notFound('No such file, or you may not see it');

function present(row: repo.FileHead): FileMeta {
  return {
    id: row.id,
    caseId: row.caseId,
    emailId: row.emailId,
    activityId: row.activityId,
    name: row.name,
    contentType: row.contentType,
    size: row.size,
    sha256: row.sha256,
    textStatus: row.textStatus,
    textReason: row.textReason,
    pages: row.pages,
    createdAt: row.createdAt.toISOString(),
  };
}

type FilesDeps = {
  db: Db;
  blobs: BlobStore;
  activity: ActivityService;
  cases: CasesService;
  jobs: Pick<JobRunner, 'poke'>;
  /** Who opened what (modules/visits): told of each opening of a file's bytes. */
  visits?: Pick<VisitsService, 'opened'>;
};

export function createFilesService({ db, blobs, activity, cases, jobs, visits }: FilesDeps) {
  /**
   * A file is visible with the document its stream entry is in: the team
   * document for team entries; guests see the files the team shared. Attachments of mail still in the triage queue have no case:
   * the workspace's members may see them, guests not.
   */
  async function loadVisible(actor: Actor, fileId: string): Promise<repo.FileHead> {
    const file = await repo.findFileHead(db, actor.workspaceId, fileId);
    if (!file) throw fileNotFound();
    if (file.caseId === null) {
      if (!canInWorkspace(actor, 'triage.use')) throw fileNotFound();
      return file;
    }
    const found = await cases.check(actor, file.caseId).catch((err: unknown) => {
      throw err instanceof AppError && err.code === 'not_found' ? fileNotFound() : err;
    });
    if (can(actor, 'doc.team.read', found.subject)) return file;
    // Shared means the team shared this file, or the email it is attached to (shared_items),
    // never that the shared document names it: guest editors write to that (issue 20.2).
    if (can(actor, 'doc.shared.read', found.subject) && (await isSharedWithGuests(db, file.caseId, { fileId: file.id, emailId: file.emailId }))) return file;
    throw fileNotFound();
  }

  /** The case owner and its team hear of a guest's document; other guests are not told (the notice is about the team side). */
  async function tellTeam(caseId: string, guestId: string, text: string, activityId: string): Promise<void> {
    const audience = await repo.findCaseAudience(db, caseId);
    if (!audience) return;
    await notify(db, {
      workspaceId: audience.workspaceId,
      userIds: audience.userIds.filter((id) => id !== guestId),
      kind: 'guest.file',
      about: { caseId, side: 'team' },
      activityId,
      text: `${text} on "${audience.title}"`,
    });
  }

  return {
    /**
     * Stores the bytes, then commits the file row, its extraction job and its
     * stream entry in one transaction: answered only once all three are durable.
     */
    async upload(actor: Actor, caseId: string, input: FileInput): Promise<FileUploadResponse> {
      const { subject } = await cases.check(actor, caseId);
      const side = uploadSide(actor, subject);
      if (!side) throw new AppError('forbidden', 'You can view this case but not add files to it');
      const prepared = await prepareFile(blobs, input, { workspaceId: actor.workspaceId, caseId, createdBy: actor.userId });
      const fileId = prepared.row.id;
      const activityId = newId();
      const actorName = (await repo.findUserName(db, actor.userId)) ?? 'Someone';
      await activity.add(
        caseId,
        side,
        { kind: 'file', at: new Date().toISOString(), actorId: actor.userId, actorName, summary: prepared.row.name, fileId },
        {
          id: activityId,
          alsoWrite: async (tx) => {
            await insertPrepared(tx, [prepared], new Map([[fileId, activityId]]));
            // [issue 15.4] A guest's own document is on the shared side from the start: the
            // server records it as shared (guests open files by these rows only), in the same commit.
            if (side === 'shared') await upsertSharedItems(tx, [{ caseId, activityId, kind: 'file', itemId: fileId, sharedBy: actor.userId }]);
          },
        },
      );
      if (prepared.extract) jobs.poke();
      if (side === 'shared') await tellTeam(caseId, actor.userId, `${actorName} (guest) added ${prepared.row.name}`, activityId);
      return { fileId, activityId };
    },

    async meta(actor: Actor, fileId: string): Promise<FileMeta> {
      return present(await loadVisible(actor, fileId));
    },

    /** The bytes, whole or one range, with headers that make them safe to open. */
    async content(
      actor: Actor,
      fileId: string,
      request: { range?: string | undefined; ifNoneMatch?: string | undefined; ifRange?: string | undefined },
    ): Promise<FileContent> {
      const file = await loadVisible(actor, fileId);
      await visits?.opened(actor, { caseId: file.caseId, target: 'file', id: file.id });
      const headers = contentHeaders(file);
      const etag = headers.ETag ?? '';
      if (request.ifNoneMatch?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) {
        return { status: 304, headers, body: null };
      }
      // A Range is honoured only for the representation the client already holds.
      const range = request.ifRange === undefined || request.ifRange === etag ? parseRange(request.range, file.size) : null;
      if (range === 'unsatisfiable') {
        return { status: 416, headers: { ...headers, 'Content-Range': `bytes */${file.size}` }, body: null };
      }
      if (file.size === 0) return { status: 200, headers: { ...headers, 'Content-Length': '0' }, body: null };
      const body = await blobs.stream(file.sha256, range ?? undefined).catch(() => {
        throw new AppError('unavailable', 'The stored file cannot be read right now');
      });
      if (!range) return { status: 200, headers: { ...headers, 'Content-Length': String(file.size) }, body };
      return {
        status: 206,
        headers: { ...headers, 'Content-Length': String(range.end - range.start + 1), 'Content-Range': `bytes ${range.start}-${range.end}/${file.size}` },
        body,
      };
    },
  };
}

const extractPayload = z.object({ fileId: z.string().min(1) });

/**
 * The `file.extractText` job. Its outcome, text or a reason, is written to
 * the file row, which search reads; the stream entry keeps the file name as
 * its summary. A file that is gone or already extracted (a job re-run after a
 * crash) is skipped.
 */
export function registerFileJobs(jobs: Pick<JobRunner, 'register'>, { db, blobs, extractor }: { db: Db; blobs: BlobStore; extractor: PdfExtractor }): void {
  jobs.register(extractTextJob, {
    payload: extractPayload,
    async run({ fileId }, { log }) {
      const file = await repo.findFileForExtraction(db, fileId);
      if (!file || file.textStatus !== 'pending') return;
      let bytes: Uint8Array;
      try {
        bytes = await blobs.get(file.sha256);
      } catch (err) {
        if (isMissing(err)) {
          await repo.saveExtraction(db, fileId, { textStatus: 'failed', textReason: 'the stored bytes are missing', text: null, pages: null });
          return;
        }
        throw new RetryableError(`cannot read blob ${file.sha256}: ${err instanceof Error ? err.message : String(err)}`);
      }
      const started = Date.now();
      const outcome = await extractor.extract(bytes);
      log.info({ fileId, status: outcome.status, pages: outcome.pages, ms: Date.now() - started }, 'pdf text extracted');
      try {
        await repo.saveExtraction(db, fileId, {
          textStatus: outcome.status,
          textReason: outcome.reason,
          text: outcome.status === 'done' ? outcome.text : null,
          pages: outcome.pages,
        });
      } catch (err) {
        throw new RetryableError(`cannot save extracted text: ${err instanceof Error ? err.message : String(err)}`);
      }
    },
  });
}

/** Gone for good (file system: ENOENT; S3: NoSuchKey), as opposed to unreachable for now. */
const isMissing = (err: unknown): boolean => err instanceof Error && (err.name === 'NoSuchKey' || ('code' in err && err.code === 'ENOENT'));
