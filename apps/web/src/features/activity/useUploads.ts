import { useCallback, useState } from 'react';
import { z } from 'zod';
import { ApiError, isAbort } from '../../lib/api';
import { uploadForm } from '../../lib/upload';

export type UploadState = 'uploading' | 'processing' | 'done' | 'error';

export interface UploadOutcome {
  imported: number;
  duplicates: number;
  failed: { name: string; reason: string }[];
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
}

const importAnswer = z.looseObject({
  imported: z.array(z.unknown()).default([]),
  duplicates: z.array(z.unknown()).default([]),
  failed: z
    .array(z.looseObject({ name: z.string().nullable().optional(), reason: z.string().nullable().optional() }))
    .default([]),
});

/** Mail goes to the email import; everything else is a file on the case. */
export const isMailFile = (file: File): boolean => /\.(eml|mbox)$/i.test(file.name) || file.type === 'message/rfc822';

function uploadError(err: unknown, target: Upload['target']): string {
  if (err instanceof ApiError) {
    if (err.status === 413) return `Too large: ${err.message}`;
    if (err.status === 403) return `Not allowed: ${err.message || 'you cannot add to this case.'}`;
    if (err.status === 415) return `Not supported: ${err.message}`;
    if (err.status === 404) return target === 'email' ? 'Email import is not available on this server.' : 'File upload is not available on this server.';
    return err.message;
  }
  return 'The upload failed. Please try again.';
}

const sizeOf = (files: File[]): number => files.reduce((n, f) => n + f.size, 0);

/**
 * Uploads dropped or picked files, with progress for each request: all mail
 * files of one drop go in one import request (the server answers with what
 * was imported, skipped as duplicate, or failed), other files one by one.
 */
export function useUploads(caseId: string) {
  const [uploads, setUploads] = useState<Upload[]>([]);

  const patch = useCallback((id: string, change: Partial<Upload>) => {
    setUploads((list) => list.map((u) => (u.id === id ? { ...u, ...change } : u)));
  }, []);

  const run = useCallback(
    async (target: Upload['target'], files: File[]) => {
      const id = crypto.randomUUID();
      const label = files.length === 1 ? (files[0]?.name ?? 'file') : `${files.length} email files`;
      const total = sizeOf(files);
      setUploads((list) => [{ id, target, label, size: total, loaded: 0, total, state: 'uploading' }, ...list]);
      const url =
        target === 'email'
          ? `/api/cases/${encodeURIComponent(caseId)}/emails/import`
          : `/api/cases/${encodeURIComponent(caseId)}/files`;
      try {
        const answer = await uploadForm(url, files, ({ loaded, total: t }) => {
          patch(id, { loaded, total: t, state: loaded >= t ? 'processing' : 'uploading' });
        });
        if (target === 'email') {
          const parsed = importAnswer.safeParse(answer);
          const outcome: UploadOutcome = parsed.success
            ? {
                imported: parsed.data.imported.length,
                duplicates: parsed.data.duplicates.length,
                failed: parsed.data.failed.map((f) => ({ name: f.name ?? 'message', reason: f.reason ?? 'could not be read' })),
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
      const mail = files.filter(isMailFile);
      const other = files.filter((f) => !isMailFile(f));
      const jobs: Promise<void>[] = [];
      if (mail.length > 0) jobs.push(run('email', mail));
      for (const f of other) jobs.push(run('file', [f]));
      return Promise.all(jobs).then(() => undefined);
    },
    [run],
  );

  const dismiss = useCallback((id: string) => setUploads((list) => list.filter((u) => u.id !== id)), []);

  return { uploads, add, dismiss };
}
