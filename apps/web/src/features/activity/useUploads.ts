import { useCallback, useEffect, useRef, useState } from 'react';
import { emailImportJob, type EmailImportJob } from '@casehub/contract';
import { z } from 'zod';
import { api, ApiError, errorMessage, isAbort, urlOf } from '../../lib/api';
import { uploadForm } from '../../lib/upload';
import { i18n } from '../../i18n';

/** `importing`: a large upload the server imports as a job (issue 20.9); it goes on if the tab closes. */
export type UploadState = 'uploading' | 'processing' | 'importing' | 'cancelled' | 'done' | 'error';

export interface UploadOutcome {
  imported: number;
  duplicates: number;
  failed: { name: string; reason: string }[];
  /** Failures past the reasons the server kept (a job keeps the first 100). */
  moreFailed?: number;
}

export interface Upload {
  id: string;
  target: 'email' | 'file';
  label: string;
  /** Bytes of the files themselves (progress counts the multipart body). */
  size: number;
  loaded: number;
  total: number;
  state: UploadState;
  outcome?: UploadOutcome;
  error?: string;
  /** The server's import job, while it runs and after. */
  job?: EmailImportJob;
}

const importAnswer = z.looseObject({
  imported: z.array(z.unknown()).default([]),
  duplicates: z.array(z.unknown()).default([]),
  failed: z.array(z.looseObject({ name: z.string().nullable().optional(), reason: z.string().nullable().optional() })).default([]),
});

/** A large upload is answered 202 with the job that imports it. */
const jobAnswer = z.object({ import: emailImportJob });

const jobLabel = (job: EmailImportJob): string =>
  job.files.length === 1 ? (job.files[0]?.name ?? i18n.t('email import')) : i18n.t('{{count}} email files', { count: job.files.length });

const outcomeOf = (job: EmailImportJob): UploadOutcome => ({
  imported: job.imported,
  duplicates: job.duplicates,
  failed: job.failures,
  moreFailed: Math.max(0, job.failed - job.failures.length),
});

/** What an upload row shows for the job as the server last told it. */
function fromJob(job: EmailImportJob): Partial<Upload> {
  if (job.state === 'queued' || job.state === 'running') return { job, state: 'importing' };
  if (job.state === 'cancelled') return { job, state: 'cancelled', outcome: outcomeOf(job) };
  if (job.state === 'failed') return { job, state: 'error', error: job.error ?? i18n.t('The import stopped because of an error on the server.') };
  return { job, state: 'done', outcome: outcomeOf(job) };
}

/** How often a running import's progress is asked for. */
const pollMs = 1000;

/** Mail goes to the email import; everything else is a file on the case. */
export const isMailFile = (file: File): boolean => /\.(eml|mbox)$/i.test(file.name) || file.type === 'message/rfc822';

function uploadError(err: unknown, target: Upload['target']): string {
  if (err instanceof ApiError) {
    if (err.status === 413) return i18n.t('Too large: {{reason}}', { reason: err.message });
    if (err.status === 403) return i18n.t('Not allowed: {{reason}}', { reason: err.message || i18n.t('you cannot add to this case.') });
    if (err.status === 415) return i18n.t('Not supported: {{reason}}', { reason: err.message });
    if (err.status === 404)
      return target === 'email' ? i18n.t('Email import is not available on this server.') : i18n.t('File upload is not available on this server.');
    return err.message;
  }
  return i18n.t('The upload failed. Please try again.');
}

const sizeOf = (files: File[]): number => files.reduce((n, f) => n + f.size, 0);

/**
 * Uploads dropped or picked files, with progress for each request: all mail
 * files of one drop go in one import request (the server answers with what
 * was imported, skipped as duplicate, or failed), other files one by one.
 * Without `mailImport` (a guest: issue 15.4) every file is a file, mail too.
 */
export function useUploads(caseId: string, { mailImport = true }: { mailImport?: boolean } = {}) {
  const [uploads, setUploads] = useState<Upload[]>([]);

  const patch = useCallback((id: string, change: Partial<Upload>) => {
    setUploads((list) => list.map((u) => (u.id === id ? { ...u, ...change } : u)));
  }, []);

  const run = useCallback(
    async (target: Upload['target'], files: File[]) => {
      const id = crypto.randomUUID();
      const label = files.length === 1 ? (files[0]?.name ?? i18n.t('file')) : i18n.t('{{count}} email files', { count: files.length });
      const total = sizeOf(files);
      setUploads((list) => [{ id, target, label, size: total, loaded: 0, total, state: 'uploading' }, ...list]);
      const url = urlOf(target === 'email' ? 'POST /api/cases/{id}/emails/import' : 'POST /api/cases/{id}/files', { params: { id: caseId } });
      try {
        const answer = await uploadForm(url, files, ({ loaded, total: t }) => {
          patch(id, { loaded, total: t, state: loaded >= t ? 'processing' : 'uploading' });
        });
        const job = target === 'email' ? jobAnswer.safeParse(answer) : null;
        if (job?.success) {
          patch(id, fromJob(job.data.import));
        } else if (target === 'email') {
          const parsed = importAnswer.safeParse(answer);
          const outcome: UploadOutcome = parsed.success
            ? {
                imported: parsed.data.imported.length,
                duplicates: parsed.data.duplicates.length,
                failed: parsed.data.failed.map((f) => ({ name: f.name ?? i18n.t('message'), reason: f.reason ?? i18n.t('could not be read') })),
              }
            : { imported: 0, duplicates: 0, failed: [] };
          patch(id, { state: 'done', outcome });
        } else {
          patch(id, { state: 'done', outcome: { imported: files.length, duplicates: 0, failed: [] } });
        }
      } catch (err) {
        if (isAbort(err)) return;
        patch(id, { state: 'error', error: uploadError(err, target) });
      }
    },
    [caseId, patch],
  );

  const add = useCallback(
    (files: File[]) => {
      const mail = mailImport ? files.filter(isMailFile) : [];
      const other = mailImport ? files.filter((f) => !isMailFile(f)) : files;
      const jobs: Promise<void>[] = [];
      if (mail.length > 0) jobs.push(run('email', mail));
      for (const f of other) jobs.push(run('file', [f]));
      return Promise.all(jobs).then(() => undefined);
    },
    [run, mailImport],
  );

  const dismiss = useCallback((id: string) => setUploads((list) => list.filter((u) => u.id !== id)), []);

  // Imports still running on the server (started in another tab, or before a reload) show up too.
  useEffect(() => {
    if (!mailImport) return;
    const ctrl = new AbortController();
    api.listEmailImports(caseId, ctrl.signal).then(
      (jobs) => {
        const running = jobs.filter((j) => j.state === 'queued' || j.state === 'running');
        if (running.length === 0) return;
        setUploads((list) => {
          const known = new Set(list.flatMap((u) => (u.job ? [u.job.id] : [])));
          const fresh: Upload[] = running
            .filter((j) => !known.has(j.id))
            .map((j) => {
              const size = j.files.reduce((n, f) => n + f.size, 0);
              return { id: `import-${j.id}`, target: 'email', label: jobLabel(j), size, loaded: size, total: size, state: 'importing', job: j };
            });
          return [...fresh, ...list];
        });
      },
      () => undefined, // Not available (a guest, an older server): nothing to show.
    );
    return () => ctrl.abort();
  }, [caseId, mailImport]);

  // Running imports are polled until they end.
  const polling = uploads
    .filter((u) => u.state === 'importing' && u.job)
    .map((u) => `${u.id}:${u.job?.id ?? ''}`)
    .join(',');
  const latest = useRef(uploads);
  latest.current = uploads;
  useEffect(() => {
    if (polling === '') return;
    const ctrl = new AbortController();
    const timer = setInterval(() => {
      for (const u of latest.current) {
        if (u.state !== 'importing' || !u.job) continue;
        api.getEmailImport(caseId, u.job.id, ctrl.signal).then(
          (job) => patch(u.id, fromJob(job)),
          (err: unknown) => {
            if (!isAbort(err) && err instanceof ApiError && err.status === 404)
              patch(u.id, { state: 'error', error: i18n.t('This import is gone (the case may have been deleted).') });
          },
        );
      }
    }, pollMs);
    return () => {
      clearInterval(timer);
      ctrl.abort();
    };
  }, [polling, caseId, patch]);

  const cancel = useCallback(
    async (id: string) => {
      const job = latest.current.find((u) => u.id === id)?.job;
      if (!job) return;
      try {
        patch(id, fromJob(await api.cancelEmailImport(caseId, job.id)));
      } catch (err) {
        patch(id, { error: errorMessage(err) });
      }
    },
    [caseId, patch],
  );

  const resume = useCallback(
    async (id: string) => {
      const job = latest.current.find((u) => u.id === id)?.job;
      if (!job) return;
      try {
        patch(id, { ...fromJob(await api.resumeEmailImport(caseId, job.id)), error: undefined });
      } catch (err) {
        patch(id, { error: errorMessage(err) });
      }
    },
    [caseId, patch],
  );

  return { uploads, add, dismiss, cancel, resume };
}
