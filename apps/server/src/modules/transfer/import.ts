import { caseKinds, docName, docSides, remapDocumentIds, type CaseKind } from '@casehub/case-document';
import type { PipelineStage } from '@casehub/contract';
import { businessHours } from '@casehub/contract';
import type { Logger } from 'pino';
import * as Y from 'yjs';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { newId } from '../../lib/ids.js';
import type { BlobStore } from '../../storage/blobs.js';
import type { Db } from '../../storage/db.js';
import { users, workspaces } from '../../storage/schema.js';
import { appendUpdates } from '../../sync/persistence.js';
import { createActivityProjector } from '../activity/projection.js';
import { insertAudit } from '../auth/repo.js';
import { saveBusinessHours } from '../business-hours/repo.js';
import { CaseProjector } from '../cases/projection.js';
import { deleteWorkspaceCustomFields } from '../custom-fields/repo.js';
import { withStages } from '../pipelines/mapping.js';
import { lockStoredPipelines, stagesInUse, storePipelines } from '../pipelines/repo.js';
import { parseStored } from '../pipelines/service.js';
import { createExpectationProjector } from '../expectations/projection.js';
import { ArchiveReader, docEntry, emailEntry, fileEntry, manifestEntry, manifestSchema, type Manifest } from './archive.js';
import { IdMaps, remapRow } from './ids.js';
import {
  addMembership,
  countWorkspaceContent,
  existingIds,
  findUsersByEmails,
  insertImportedUser,
  insertRows,
  insertWorkspaceRow,
  lockWorkspace,
  saveResponseTargets,
} from './repo.js';
import { absentBefore, badArchive, rowFromJson, tableEntry, tableSpecs, type TableSpec } from './tables.js';
import { parseArchivedPipelines, readArchivedFields } from './workflow.js';

export type ImportDeps = {
  db: Db;
  blobs: BlobStore;
  log: Logger;
  limits: { maxDocBytes: number; maxBlobBytes: number };
};

/**
 * Where the archive goes: into the caller's own workspace (which must hold
 * nothing yet; the HTTP import), or a new workspace (the command line,
 * restoring a server).
 */
export type ImportTarget = { kind: 'into'; workspaceId: string; userId: string } | { kind: 'new' };

export type ImportResult = {
  workspaceId: string;
  cases: number;
  emails: number;
  files: number;
  contacts: number;
  accounts: number;
  documents: number;
  /** People of the archive who had an account on this server already and were not made members (invite them). */
  notEnrolled: string[];
};

/**
 * The password hash of an imported person: no password verifies against it
 * (it is not an Argon2 hash), so they sign in only after setting one.
 */
export const noPassword = '!imported: set a password by reset link';

const maxJsonLine = 64 * 1024 * 1024;
const maxManifestBytes = 256 * 1024 * 1024;
const batchRows = 200;

const archivedUser = z.object({
  id: z.string().min(1).max(64),
  email: z.string().min(3).max(320),
  name: z.string().max(200),
  role: z.enum(['owner', 'admin', 'member', 'guest']),
  createdAt: z.iso.datetime({ offset: true }),
});
const archivedWorkspace = z.object({
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(200),
  responseTargets: z.record(z.string(), z.number()).default({}),
  /** Absent from archives made before issue 17.6, null where never set. */
  businessHours: businessHours.nullable().default(null),
  /** Absent from archives made before issue 17.2 was exported; checked by parseArchivedPipelines. */
  pipelines: z.unknown().optional(),
});

/**
 * Restores an archive from `exportWorkspace` (issue 16.3). Every entry is
 * checked against the manifest's SHA-256 before anything is written. Then
 * blobs go to the blob store (content-addressed: an abandoned import leaves
 * nothing that matters), and every row, every document's update-log entry
 * and the projections rebuilt from those documents commit in one
 * transaction: the workspace is imported whole, or not at all.
 */
export async function importWorkspace(deps: ImportDeps, archivePath: string, target: ImportTarget): Promise<ImportResult> {
  if (target.kind === 'into') await assertEmptyWorkspace(deps.db, target.workspaceId);
  const reader = await ArchiveReader.open(archivePath);
  try {
    const manifest = await readManifest(reader);
    await verify(reader, manifest, deps.limits);
    return await restore(deps, reader, target);
  } finally {
    reader.close();
  }
}

/** An import goes only into a workspace that holds nothing yet (409 otherwise, saying what it holds). */
export async function assertEmptyWorkspace(db: Db, workspaceId: string): Promise<void> {
  const content = await countWorkspaceContent(db, workspaceId);
  if (content.cases + content.emails + content.contacts + content.accounts > 0) {
    throw new AppError(
      'conflict',
      `Import goes into an empty workspace, and this one has ${content.cases} cases, ${content.emails} emails, ${content.contacts} contacts and ${content.accounts} accounts: sign up a new workspace and import there`,
    );
  }
}

async function readManifest(reader: ArchiveReader): Promise<Manifest> {
  if (!reader.entries.has(manifestEntry)) throw badArchive('it has no manifest.json: is it an export from Casehub?');
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(await reader.read(manifestEntry, maxManifestBytes)).toString('utf8'));
  } catch (err) {
    throw err instanceof AppError ? err : badArchive('manifest.json is not JSON');
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) throw badArchive(`manifest.json is not a Casehub export manifest of version 1 (${parsed.error.issues[0]?.message ?? ''})`);
  return parsed.data;
}

/** Every entry is the one the manifest names, byte for byte; nothing is missing and nothing was added. */
async function verify(reader: ArchiveReader, manifest: Manifest, limits: ImportDeps['limits']): Promise<void> {
  for (const name of reader.entries.keys()) {
    if (name !== manifestEntry && !manifest.entries[name]) throw badArchive(`${name} is not in the manifest: the archive was changed after export`);
  }
  for (const [name, expected] of Object.entries(manifest.entries)) {
    if (!reader.entries.has(name)) throw badArchive(`${name} is listed in the manifest but missing`);
    const max = name.startsWith('docs/')
      ? limits.maxDocBytes
      : name.startsWith('tables/') || name === 'workspace.json'
        ? Number.MAX_SAFE_INTEGER
        : limits.maxBlobBytes;
    const actual = await reader.digest(name, max);
    if (actual.sha256 !== expected.sha256 || actual.size !== expected.size) {
      throw badArchive(`${name} does not match its SHA-256 in the manifest: the archive was changed or damaged, and nothing was imported`);
    }
  }
}

async function restore(deps: ImportDeps, reader: ArchiveReader, target: ImportTarget): Promise<ImportResult> {
  const { db } = deps;
  const workspaceJson = archivedWorkspace.safeParse(JSON.parse(Buffer.from(await reader.read('workspace.json', maxJsonLine)).toString('utf8')));
  if (!workspaceJson.success) throw badArchive('workspace.json has no workspace name');
  const pipelines = parseArchivedPipelines(workspaceJson.data.pipelines);
  const fields = await readArchivedFields(reader);
  const people = await readUsers(reader);
  const ids = new IdMaps();
  const existing = new Map(
    (
      await findUsersByEmails(
        db,
        people.map((p) => p.email.toLowerCase()),
      )
    ).map((u) => [u.email.toLowerCase(), u.id]),
  );
  const takenUserIds = await existingIds(
    db,
    users,
    people.map((p) => p.id),
  );
  for (const person of people) ids.users.set(person.id, existing.get(person.email.toLowerCase()) ?? (takenUserIds.has(person.id) ? newId() : person.id));
  if (fields) ids.customFields = { carried: true, personIds: fields.personIds };
  const counts: Record<string, number> = {};
  for (const spec of tableSpecs) {
    const found: string[] = [];
    for await (const { value } of tableLines(reader, spec)) {
      counts[spec.name] = (counts[spec.name] ?? 0) + 1;
      if (spec.id && value && typeof value === 'object' && 'id' in value && typeof value.id === 'string') found.push(value.id);
    }
    if (spec.id) ids.set(spec.id, found, await existingIds(db, spec.table, found));
  }

  await storeBlobs(deps, reader, ids);

  const archivedId = workspaceJson.data.id;
  const workspaceId = target.kind === 'into' ? target.workspaceId : (await existingIds(db, workspaces, [archivedId])).size > 0 ? newId() : archivedId;
  const notEnrolled: string[] = [];
  let documents = 0;
  try {
    await db.transaction(async (tx) => {
      // Two imports into one workspace at once: the second waits, then finds it no longer empty.
      await lockWorkspace(tx, workspaceId);
      if (target.kind === 'into') await assertEmptyWorkspace(tx, workspaceId);
      if (target.kind === 'new') await insertWorkspaceRow(tx, { id: workspaceId, name: workspaceJson.data.name });
      await saveResponseTargets(tx, workspaceId, workspaceJson.data.responseTargets);
      if (workspaceJson.data.businessHours) await saveBusinessHours(tx, workspaceId, workspaceJson.data.businessHours);
      // The archive's workflow replaces what an empty workspace had (it has no case holding a value or a stage).
      if (pipelines) await storePipelines(tx, workspaceId, pipelines);
      if (fields) await deleteWorkspaceCustomFields(tx, workspaceId);
      for (const person of people) {
        const id = ids.users.get(person.id) ?? person.id;
        const known = existing.has(person.email.toLowerCase());
        if (!known)
          await insertImportedUser(tx, { id, email: person.email, name: person.name, passwordHash: noPassword, createdAt: new Date(person.createdAt) });
        if (target.kind === 'into' && id === target.userId) continue; // the caller stays the owner
        // Someone with an account here already is not made a member by an upload: an invite asks them.
        if (known && target.kind === 'into') notEnrolled.push(person.email);
        else await addMembership(tx, { workspaceId, userId: id, role: person.role });
      }
      for (const spec of tableSpecs) {
        let batch: Array<Record<string, unknown>> = [];
        for await (const { line, value } of tableLines(reader, spec)) {
          const where = `${tableEntry(spec.name)} line ${line}`;
          const row = remapRow(spec, rowFromJson(spec.table, value, where), ids, workspaceId, where);
          if (row) batch.push(row);
          if (batch.length >= batchRows) {
            await insertRows(tx, spec.table, batch);
            batch = [];
          }
        }
        await insertRows(tx, spec.table, batch);
      }
      documents = await restoreDocuments(deps, tx, reader, ids);
      await addStagesInUse(tx, workspaceId);
      await insertAudit(tx, {
        workspaceId,
        actorId: target.kind === 'into' ? target.userId : null,
        action: 'workspace.import',
        data: { cases: counts.cases ?? 0, emails: counts.emails ?? 0, files: counts.files ?? 0, documents },
      });
    });
  } catch (err) {
    throw asImportError(err);
  }
  return {
    workspaceId,
    cases: counts.cases ?? 0,
    emails: counts.emails ?? 0,
    files: counts.files ?? 0,
    contacts: counts.contacts ?? 0,
    accounts: counts.accounts ?? 0,
    documents,
    notEnrolled,
  };
}

/** A table's rows; none for a table the archive lacks because it was made before the table was exported. */
async function* tableLines(reader: ArchiveReader, spec: TableSpec): AsyncGenerator<{ line: number; value: unknown }> {
  if (absentBefore(spec, reader.entries)) return;
  yield* reader.lines(tableEntry(spec.name), Number.MAX_SAFE_INTEGER, maxJsonLine);
}

/**
 * [issue 17.2] A stored pipeline gains, as open stages, the stages imported
 * cases are in that it lacks, so no case loses its value nor the board its
 * column. A kind without a stored pipeline is mapped from the stages in use
 * on first read, as before pipelines were exported.
 */
async function addStagesInUse(tx: Db, workspaceId: string): Promise<void> {
  const stored = parseStored(await lockStoredPipelines(tx, workspaceId));
  const next: Partial<Record<CaseKind, PipelineStage[]>> = { ...stored };
  let changed = false;
  for (const kind of caseKinds) {
    const current = stored[kind];
    if (!current) continue;
    const completed = withStages(current, await stagesInUse(tx, workspaceId, kind), newId);
    if (completed.length !== current.length) changed = true;
    next[kind] = completed;
  }
  if (changed) await storePipelines(tx, workspaceId, next);
}

async function readUsers(reader: ArchiveReader): Promise<Array<z.infer<typeof archivedUser>>> {
  const out: Array<z.infer<typeof archivedUser>> = [];
  for await (const { line, value } of reader.lines(tableEntry('users'), Number.MAX_SAFE_INTEGER, maxJsonLine)) {
    const parsed = archivedUser.safeParse(value);
    if (!parsed.success) throw badArchive(`${tableEntry('users')} line ${line}: ${parsed.error.issues[0]?.message ?? 'not a person'}`);
    out.push(parsed.data);
  }
  return out;
}

/** Raw emails and file bytes into the blob store, each checked against the hash its row names. */
async function storeBlobs(deps: ImportDeps, reader: ArchiveReader, ids: IdMaps): Promise<void> {
  const put = async (entry: string, sha256: unknown) => {
    const stored = await deps.blobs.put(await reader.read(entry, deps.limits.maxBlobBytes));
    if (stored !== sha256) throw badArchive(`${entry} is not the content its row names`);
  };
  for await (const { line, value } of reader.lines(tableEntry('emails'), Number.MAX_SAFE_INTEGER, maxJsonLine)) {
    const row = value as { id?: unknown; rawSha256?: unknown } | null;
    if (typeof row?.id !== 'string' || !ids.has('email', row.id)) throw badArchive(`${tableEntry('emails')} line ${line}: no id`);
    await put(emailEntry(row.id), row.rawSha256);
  }
  const seen = new Set<string>();
  for await (const { line, value } of reader.lines(tableEntry('files'), Number.MAX_SAFE_INTEGER, maxJsonLine)) {
    const sha = (value as { sha256?: unknown } | null)?.sha256;
    if (typeof sha !== 'string' || !/^[0-9a-f]{64}$/.test(sha)) throw badArchive(`${tableEntry('files')} line ${line}: no sha256`);
    if (seen.has(sha)) continue;
    seen.add(sha);
    await put(fileEntry(sha), sha);
  }
}

/**
 * Each case's documents into the update log (one entry each: the whole
 * state), with ids rewritten where records got new ones, and the
 * projections (case index, activity index, promise index) written from
 * them in the same transaction.
 */
async function restoreDocuments(deps: ImportDeps, tx: Db, reader: ArchiveReader, ids: IdMaps): Promise<number> {
  const cases = new CaseProjector(tx, deps.log);
  const activity = createActivityProjector(tx, deps.log);
  const promises = createExpectationProjector(tx, deps.log, () => {});
  let written = 0;
  for (const [oldId, caseId] of ids.entries('case')) {
    for (const side of docSides) {
      const entry = docEntry(oldId, side);
      if (!reader.entries.has(entry)) continue;
      const name = docName(caseId, side);
      const doc = new Y.Doc();
      activity.onLoaded(name, doc);
      promises.onLoaded(name, doc);
      try {
        Y.applyUpdate(doc, await reader.read(entry, deps.limits.maxDocBytes));
      } catch (err) {
        throw err instanceof AppError ? err : badArchive(`${entry} is not a Yjs document`);
      }
      if (ids.remaps) remapDocumentIds(doc, ids.documentRemap());
      await appendUpdates(tx, name, [Y.encodeStateAsUpdate(doc)]);
      if (side === 'team') await cases.project(caseId, doc);
      await activity.flushDoc(name);
      await promises.flushDoc(name);
      doc.destroy();
      written++;
    }
  }
  return written;
}

/** A constraint the rows break is the archive's fault (400), or a record that exists already (409); anything else is ours. */
function asImportError(err: unknown): unknown {
  if (err instanceof AppError) return err;
  const code = pgCode(err);
  if (code === '23505') return new AppError('conflict', `Part of the archive exists on this server already (${pgMessage(err)}); nothing was imported`);
  if (code?.startsWith('23') || code?.startsWith('22')) return badArchive(`${pgMessage(err)}; nothing was imported`);
  return err;
}

function pgCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    if ('code' in e && typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  }
  return undefined;
}

function pgMessage(err: unknown): string {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    if ('code' in e && typeof e.code === 'string' && 'message' in e && typeof e.message === 'string') return e.message;
  }
  return err instanceof Error ? err.message : String(err);
}
