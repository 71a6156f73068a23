import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Logger } from 'pino';
import { AppError } from '../../errors.js';
import type { BlobStore } from '../../storage/blobs.js';
import type { Db } from '../../storage/db.js';
import { canInWorkspace, type Actor } from '../access/policy.js';
import { insertAudit } from '../auth/repo.js';
import { exportWorkspace } from './export.js';
import { assertEmptyWorkspace, importWorkspace, type ImportResult, type ImportTarget } from './import.js';

export type TransferService = ReturnType<typeof createTransferService>;

export type TransferDeps = {
  db: Db;
  blobs: BlobStore;
  log: Logger;
  /** Where an uploaded archive waits while it is checked and imported. */
  tempDir: string;
  limits: { maxDocBytes: number; maxBlobBytes: number };
};

/** Full export and import of a workspace (issue 16.3, DESIGN §10): the HTTP API and the command line share it. */
export function createTransferService(deps: TransferDeps) {
  const ownerOnly = (actor: Actor, what: string) => {
    if (!canInWorkspace(actor, 'workspace.transfer')) throw new AppError('forbidden', `Only the workspace's owner may ${what} it`);
  };

  return {
    /** The workspace as a streamed zip; the stream starts before the last row is read. */
    async export(actor: Actor | null, workspaceId: string): Promise<{ name: string; stream: Readable }> {
      if (actor) {
        ownerOnly(actor, 'export');
        await insertAudit(deps.db, { workspaceId, actorId: actor.userId, action: 'workspace.export' });
      }
      return exportWorkspace(deps, workspaceId);
    },

    /** Restores an archive from a stream (an upload): it is kept on disk while checked, then removed. */
    async importStream(actor: Actor | null, body: Readable, target: ImportTarget): Promise<ImportResult> {
      if (actor) ownerOnly(actor, 'import into');
      if (target.kind === 'into') await assertEmptyWorkspace(deps.db, target.workspaceId);
      await mkdir(deps.tempDir, { recursive: true });
      const file = path.join(deps.tempDir, `import-${randomBytes(8).toString('hex')}.zip`);
      try {
        await pipeline(body, createWriteStream(file));
        return await importWorkspace(deps, file, target);
      } finally {
        await rm(file, { force: true });
      }
    },

    /** Restores an archive already on disk (the command line). */
    importFile: (file: string, target: ImportTarget): Promise<ImportResult> => importWorkspace(deps, file, target),
  };
}
