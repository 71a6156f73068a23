import type { EmailImportJob, EmailImportResponse } from '@casehub/contract';
import type { Logger } from 'pino';
import { z } from 'zod';
import { AppError, notFound } from '../../errors.js';
import { enqueueJob, RetryableError, type JobContext, type JobRunner } from '../../jobs/runner.js';
import { newId } from '../../lib/ids.js';
import type { BlobStore } from '../../storage/blobs.js';
import type { Db } from '../../storage/db.js';
import type { Actor } from '../access/policy.js';
import type { ActivityService } from '../activity/service.js';
import * as imports from './import-repo.js';
import { batchBytes, batchMessages, importBatch, type BatchMessage, type BatchOutcome } from './importer.js';
import type { Ingest } from './ingest.js';
import { countMboxMessages, looksLikeMbox, MboxSplitter, splitMbox } from './mbox.js';
import { notify } from '../notifications/service.js';

export type UploadedFile = { name: string; contentType: string; bytes: Uint8Array };

export const emailImportJobKind = 'email.import';
const payload = z.object({ importId: z.string().min(1) });

/** An upload of at most this many messages is imported while the request waits, and answered with what came of each. */
export const inlineImportMessages = 100;
/** How long one run of the import job works before it hands over to a fresh job (bounded runs, so leases and shutdowns stay short). */
const sliceMs = 5_000;
/** Held by a run, renewed after each batch; after a crash another node goes on once it lapses. */
const leaseMs = 60_000;
const importAttempts = 3;

export type ImportDeps = {
  db: Db;
  log: Logger;
  blobs: BlobStore;
  jobs: JobRunner;
  ingest: Ingest;
  activity: ActivityService;
};

const empty = (mbox: boolean) => (mbox ? 'No messages found in this mbox file' : 'The file is empty');

export function present(row: imports.ImportRow): EmailImportJob {
  return {
    id: row.id,
    caseId: row.caseId,
    state: row.state,
    total: row.total,
    processed: row.imported + row.duplicates + row.failed,
    imported: row.imported,
    duplicates: row.duplicates,
    failed: row.failed,
    failures: row.failures,
    files: row.files.map((f) => ({ name: f.name, size: f.size, messages: f.messages })),
    error: row.error,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

/**
 * [issue 20.9] .eml/.mbox uploads. A small upload is imported while the
 * request waits, as before. A larger one is stored in the blob store and
 * imported by a durable job (`email.import`) in batches: each batch's
 * messages, stream entries and the import's new position commit together,
 * so progress is exact, a cancel stops between batches keeping what is
 * stored, and a restarted server goes on from the recorded position
 * without storing a message twice. The work goes on without the browser.
 */
export function createEmailImports(deps: ImportDeps) {
  const { db, log, blobs, jobs } = deps;

  /**
   * [issue 13.8] One notice per import, to whoever imported and the case's
   * owner, in place of one per message (its messages tell no one).
   */
  async function announce(
    at: { workspaceId: string; caseId: string; createdBy: string | null },
    counts: { imported: number; duplicates: number; failed: number },
  ) {
    const target = await imports.findImportCase(db, at.caseId);
    if (!target) return;
    const n = counts.imported;
    const more = [counts.duplicates > 0 && `${counts.duplicates} already here`, counts.failed > 0 && `${counts.failed} failed`].filter(Boolean).join(', ');
    await notify(db, {
      workspaceId: at.workspaceId,
      userIds: [...(at.createdBy ? [at.createdBy] : []), ...(target.ownerId ? [target.ownerId] : [])],
      kind: 'import',
      about: { caseId: at.caseId, side: 'team' },
      text: `Imported ${n} ${n === 1 ? 'message' : 'messages'} into "${target.title}"${more ? ` (${more})` : ''}.`,
    }).catch((err: unknown) => log.error({ err, caseId: at.caseId }, 'could not announce an email import'));
  }

  async function inline(actor: Actor, caseId: string, uploads: UploadedFile[]): Promise<EmailImportResponse> {
    const out: EmailImportResponse = { imported: [], duplicates: [], failed: [] };
    const target = { workspaceId: actor.workspaceId, caseId, createdBy: actor.userId };
    const record = (outcomes: BatchOutcome[]) => {
      for (const o of outcomes) {
        if ('reason' in o) out.failed.push({ name: o.name, reason: o.reason });
        else if (o.result.duplicate) out.duplicates.push({ name: o.name, emailId: o.result.emailId });
        else
          out.imported.push({
            name: o.name,
            emailId: o.result.emailId,
            activityId: o.result.activityId,
            threadId: o.result.threadId,
            parseError: o.result.parseError,
          });
      }
    };
    for (const upload of uploads) {
      const mbox = looksLikeMbox(upload.name, upload.contentType, upload.bytes);
      const messages = upload.bytes.byteLength === 0 ? [] : mbox ? splitMbox(upload.bytes) : [upload.bytes];
      if (messages.length === 0) {
        out.failed.push({ name: upload.name, reason: empty(mbox) });
        continue;
      }
      const named = messages.map((raw, i) => ({ name: mbox ? `${upload.name} #${i + 1}` : upload.name, raw }));
      for (let i = 0; i < named.length; i += batchMessages) {
        record(await importBatch(deps, { ...target, source: mbox ? 'mbox' : 'upload' }, named.slice(i, i + batchMessages)));
      }
    }
    if (out.imported.length + out.duplicates.length > 0) {
      await announce({ ...target, caseId }, { imported: out.imported.length, duplicates: out.duplicates.length, failed: out.failed.length });
    }
    return out;
  }

  /** Stores the uploads and queues the job; answers at once. */
  async function queue(actor: Actor, caseId: string, uploads: Array<UploadedFile & { mbox: boolean; messages: number }>): Promise<EmailImportJob> {
    const files: imports.ImportFile[] = [];
    const failures: imports.ImportFailure[] = [];
    for (const u of uploads) {
      if (u.messages === 0) failures.push({ name: u.name, reason: empty(u.mbox) });
      else files.push({ name: u.name, sha256: await blobs.put(u.bytes), size: u.bytes.byteLength, mbox: u.mbox, messages: u.messages });
    }
    const id = newId();
    await db.transaction(async (tx) => {
      await imports.insertImport(tx, {
        id,
        workspaceId: actor.workspaceId,
        caseId,
        createdBy: actor.userId,
        files,
        total: files.reduce((n, f) => n + f.messages, 0) + failures.length,
        failed: failures.length,
        failures: failures.slice(0, imports.maxStoredFailures),
      });
      await enqueueJob(tx, emailImportJobKind, { importId: id }, { maxAttempts: importAttempts });
    });
    jobs.poke();
    const row = await imports.findImport(db, id);
    if (!row) throw new Error('the import just created is gone');
    return present(row);
  }

  /**
   * Reads one file of an import from the recorded position on, a batch at a
   * time (at most batchMessages messages, about batchBytes of source), each
   * with the position after it; the last one moves on to the next file.
   */
  async function* batches(file: imports.ImportFile, at: imports.Position): AsyncGenerator<{ messages: BatchMessage[]; to: imports.Position }> {
    const name = (n: number) => (file.mbox ? `${file.name} #${n}` : file.name);
    const nextFile = { fileIndex: at.fileIndex + 1, fileOffset: 0, fileMessage: 0 };
    if (!file.mbox) {
      yield { messages: [{ name: name(1), raw: await blobs.get(file.sha256) }], to: nextFile };
      return;
    }
    let queued: Array<{ message: BatchMessage; to: imports.Position }> = [];
    let bytes = 0;
    let count = at.fileMessage;
    const splitter = new MboxSplitter();
    const take = (found: Array<{ bytes: Uint8Array; next: number }>) => {
      for (const m of found) {
        count++;
        queued.push({ message: { name: name(count), raw: m.bytes }, to: { fileIndex: at.fileIndex, fileOffset: at.fileOffset + m.next, fileMessage: count } });
        bytes += m.bytes.byteLength;
      }
    };
    const slice = () => {
      let n = 0;
      let size = 0;
      while (n < queued.length && n < batchMessages && (n === 0 || size < batchBytes)) size += queued[n++]?.message.raw.byteLength ?? 0;
      const part = queued.slice(0, n);
      queued = queued.slice(n);
      bytes -= size;
      return { messages: part.map((q) => q.message), to: part[part.length - 1]?.to ?? at };
    };
    if (at.fileOffset < file.size) {
      const stream = await blobs.stream(file.sha256, { start: at.fileOffset, end: file.size - 1 });
      try {
        for await (const chunk of stream as AsyncIterable<Uint8Array>) {
          take(splitter.pushMessages(chunk));
          while (queued.length >= batchMessages || bytes >= batchBytes) yield slice();
        }
      } finally {
        stream.destroy();
      }
    }
    take(splitter.endMessages());
    while (queued.length > batchMessages || bytes >= batchBytes) yield slice();
    // The end of the file moves the import on to the next one, with the last batch (which may be empty).
    yield { messages: slice().messages, to: nextFile };
  }

  /** One run of the job: batches until the import ends, is cancelled, or the slice is used up. */
  async function run(importId: string, ctx: JobContext): Promise<void> {
    const started = Date.now();
    let row = await imports.findImport(db, importId);
    // A resume or a re-run after a crash may start while an older run is still at work: the newest run records progress, the older one stops.
    const token = newId();
    if (!row || !(await imports.markRunning(db, importId, token))) return;
    const target = { workspaceId: row.workspaceId, caseId: row.caseId, createdBy: row.createdBy, source: 'mbox' as const };
    let stored = row.failures.length;
    let at: imports.Position = { fileIndex: row.fileIndex, fileOffset: row.fileOffset, fileMessage: row.fileMessage };
    while (row) {
      const file = row.files[at.fileIndex];
      if (!file) {
        if (await imports.finish(db, importId, token)) {
          await announce(row, { imported: row.imported, duplicates: row.duplicates, failed: row.failed });
        }
        log.info({ importId, total: row.total }, 'email import done');
        return;
      }
      let stop = false;
      for await (const batch of batches(file, at)) {
        const from = at;
        const progress = async (tx: Db, outcomes: BatchOutcome[]) => {
          const failures = outcomes.flatMap((o) => ('reason' in o ? [{ name: o.name, reason: o.reason }] : []));
          await imports.advance(tx, importId, token, from, batch.to, {
            imported: outcomes.filter((o) => 'result' in o && !o.result.duplicate).length,
            duplicates: outcomes.filter((o) => 'result' in o && o.result.duplicate).length,
            failed: failures.length,
            failures: failures.slice(0, Math.max(0, imports.maxStoredFailures - stored)),
          });
        };
        try {
          const outcomes = await importBatch(deps, target, batch.messages, progress, () => imports.isRunBy(db, importId, token));
          stored += outcomes.filter((o) => 'reason' in o).length;
        } catch (err) {
          // Cancelled meanwhile, or a newer run took over: this batch's commit was dropped or rolled back.
          if (err instanceof imports.ImportMoved) return;
          throw err;
        }
        at = batch.to;
        await ctx.renewLease();
        if (ctx.signal.aborted || Date.now() - started > sliceMs) {
          stop = true;
          break;
        }
      }
      if (stop) break;
      row = await imports.findImport(db, importId);
      if (row?.state !== 'running' || row.runToken !== token) return;
    }
    // More to do: a fresh job goes on from the recorded position (here or on another node, or after a restart).
    const current = await imports.findImport(db, importId);
    if (current?.state === 'running' && current.runToken === token) {
      await enqueueJob(db, emailImportJobKind, { importId }, { maxAttempts: importAttempts });
      jobs.poke();
    }
  }

  jobs.register(emailImportJobKind, {
    payload,
    leaseMs,
    async run({ importId }, ctx) {
      try {
        await run(importId, ctx);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        // A database or storage hiccup: the next attempt goes on from the recorded position.
        if (ctx.attempt < importAttempts) throw new RetryableError(message);
        await imports.fail(db, importId, `The import stopped because of an error on our side: ${message}`);
        throw err;
      }
    },
  });

  async function caseImport(caseId: string, importId: string): Promise<imports.ImportRow> {
    const row = await imports.findCaseImport(db, caseId, importId);
    if (!row) throw notFound('No such import on this case');
    return row;
  }

  return {
    /** Imports small uploads now (the summary), queues larger ones as a job. */
    async start(actor: Actor, caseId: string, uploads: UploadedFile[]): Promise<{ summary: EmailImportResponse } | { job: EmailImportJob }> {
      const counted = uploads.map((u) => {
        const mbox = looksLikeMbox(u.name, u.contentType, u.bytes);
        return { ...u, mbox, messages: u.bytes.byteLength === 0 ? 0 : mbox ? countMboxMessages(u.bytes) : 1 };
      });
      const total = counted.reduce((n, u) => n + u.messages, 0);
      if (total <= inlineImportMessages) return { summary: await inline(actor, caseId, uploads) };
      return { job: await queue(actor, caseId, counted) };
    },

    async list(caseId: string): Promise<EmailImportJob[]> {
      return (await imports.listCaseImports(db, caseId)).map(present);
    },

    async get(caseId: string, importId: string): Promise<EmailImportJob> {
      return present(await caseImport(caseId, importId));
    },

    /** Stops between batches; what is stored stays, and a resume goes on from there. */
    async cancel(caseId: string, importId: string): Promise<EmailImportJob> {
      const row = await caseImport(caseId, importId);
      if (row.state === 'done' || row.state === 'failed') throw new AppError('conflict', 'This import has already finished');
      const after = await imports.cancel(db, row.id);
      if (!after) throw notFound('No such import on this case');
      return present(after);
    },

    async resume(caseId: string, importId: string): Promise<EmailImportJob> {
      const row = await caseImport(caseId, importId);
      if (row.state === 'queued' || row.state === 'running') return present(row);
      if (row.state !== 'cancelled') throw new AppError('conflict', 'Only a cancelled import can be resumed');
      await db.transaction(async (tx) => {
        if (await imports.requeue(tx, row.id)) await enqueueJob(tx, emailImportJobKind, { importId: row.id }, { maxAttempts: importAttempts });
      });
      jobs.poke();
      return present(await caseImport(caseId, importId));
    },
  };
}

export type EmailImports = ReturnType<typeof createEmailImports>;
