import type { Readable } from 'node:stream';
import { docName, docSides } from '@casehub/case-document';
import type { Logger } from 'pino';
import * as Y from 'yjs';
import type { BlobStore } from '../../storage/blobs.js';
import type { Db } from '../../storage/db.js';
import { readDoc } from '../../sync/persistence.js';
import { AppError } from '../../errors.js';
import { archiveFormat, archiveVersion, ArchiveWriter, docEntry, emailEntry, fileEntry } from './archive.js';
import { listCustomFields } from '../custom-fields/repo.js';
import { readPipelines } from '../pipelines/service.js';
import { findWorkspaceWithSettings, listMembersForExport, pageCaseIds, pageRows } from './repo.js';
import { rowToJson, tableEntry, tableSpecs, type TableSpec } from './tables.js';
import { mapViewFields } from './workflow.js';

export type TransferDeps = { db: Db; blobs: BlobStore; log: Logger };

const pageSize = 200;

/**
 * Streams the whole workspace as one zip (issue 16.3). The answer starts at
 * once; rows are read a page at a time, documents and blobs one at a time,
 * each written as the zip takes it, so the export of a workspace bigger than
 * memory holds one page, one document or one blob at most. A failure midway
 * breaks the stream off: a truncated zip, which nothing will import.
 */
export async function exportWorkspace(deps: TransferDeps, workspaceId: string): Promise<{ name: string; stream: Readable }> {
  const workspace = await findWorkspaceWithSettings(deps.db, workspaceId);
  if (!workspace) throw new AppError('not_found', 'No such workspace');
  const writer = new ArchiveWriter();
  void write(deps, writer, workspace).catch((err: unknown) => {
    deps.log.error({ err, workspaceId }, 'export failed midway');
    writer.fail(err);
  });
  return { name: workspace.name, stream: writer.output };
}

type WorkspaceRow = NonNullable<Awaited<ReturnType<typeof findWorkspaceWithSettings>>>;

async function write(deps: TransferDeps, writer: ArchiveWriter, workspace: WorkspaceRow): Promise<void> {
  const { db } = deps;
  const counts: Record<string, number> = {};
  const json = (value: unknown) => Buffer.from(JSON.stringify(value));
  await writer.add(
    'workspace.json',
    json({
      id: workspace.id,
      name: workspace.name,
      createdAt: workspace.createdAt.toISOString(),
      responseTargets: workspace.responseTargets ?? {},
      businessHours: workspace.businessHours ?? null,
      // [issue 17.2] Each kind's stages with their outcomes (mapped from the stages in use first, if never read).
      pipelines: await readPipelines(db, workspace.id),
    }),
  );

  const members = await listMembersForExport(db, workspace.id);
  counts.users = members.length;
  await writer.add(tableEntry('users'), ndjson(members.map((m) => ({ ...m, createdAt: m.createdAt.toISOString() }))));

  const caseIds = await allCaseIds(db, workspace.id);
  const fieldIds = new Set((await listCustomFields(db, workspace.id)).map((f) => f.id));
  for (const spec of tableSpecs) {
    const scopes = spec.scope === 'workspace' ? [workspace.id] : caseIds;
    counts[spec.name] = 0;
    await writer.add(
      tableEntry(spec.name),
      (async function* () {
        for await (const row of rows(db, spec, scopes)) {
          counts[spec.name] = (counts[spec.name] ?? 0) + 1;
          const out = rowToJson(spec.table, row);
          yield Buffer.from(`${JSON.stringify(spec.name === 'saved_views' ? withoutDeletedFields(out, fieldIds) : out)}\n`);
        }
      })(),
    );
  }

  counts.documents = 0;
  for (const caseId of caseIds) {
    for (const side of docSides) {
      const state = await documentState(db, docName(caseId, side));
      if (!state) continue;
      await writer.add(docEntry(caseId, side), state);
      counts.documents++;
    }
  }

  // Raw emails and file bytes: one blob in memory at a time.
  const emailSpec = specNamed('emails');
  for await (const row of rows(db, emailSpec, [workspace.id])) {
    await writer.add(emailEntry(String(row.id)), await deps.blobs.get(String(row.rawSha256)));
  }
  const written = new Set<string>();
  for await (const row of rows(db, specNamed('files'), [workspace.id])) {
    const sha = String(row.sha256);
    if (written.has(sha)) continue;
    written.add(sha);
    // Most files (PDFs, images) are compressed already: stored as they are.
    await writer.add(fileEntry(sha), await deps.blobs.get(sha), false);
  }
  counts.blobs = written.size;

  writer.finish({
    format: archiveFormat,
    version: archiveVersion,
    exportedAt: new Date().toISOString(),
    workspace: { id: workspace.id, name: workspace.name },
    counts,
  });
}

/**
 * [issue 17.4] A view as the archive carries it: without the custom fields
 * deleted since it was saved (the list skips them already), so every field
 * a view in the archive names is one the archive defines.
 */
function withoutDeletedFields(view: Record<string, unknown>, fieldIds: ReadonlySet<string>): Record<string, unknown> {
  const { unknown, ...mapped } = mapViewFields(view, (id) => (fieldIds.has(id) ? id : undefined));
  return unknown.length === 0 ? view : { ...view, ...mapped };
}

function specNamed(name: string): TableSpec {
  const spec = tableSpecs.find((s) => s.name === name);
  if (!spec) throw new Error(`no table ${name}`);
  return spec;
}

async function allCaseIds(db: Db, workspaceId: string): Promise<string[]> {
  const out: string[] = [];
  for (let after: string | null = null; ;) {
    const page = await pageCaseIds(db, workspaceId, after, 1000);
    out.push(...page);
    if (page.length < 1000) return out;
    after = page[page.length - 1] ?? null;
  }
}

async function* rows(db: Db, spec: TableSpec, scopes: readonly string[]): AsyncGenerator<Record<string, unknown>> {
  for (const scope of scopes) {
    for (let after: string | null = null; ;) {
      const page = await pageRows(db, spec, scope, after, pageSize);
      yield* page;
      if (page.length < pageSize) break;
      const last = page[page.length - 1];
      after = last ? String(last[spec.key]) : null;
    }
  }
}

async function* ndjson(values: readonly unknown[]): AsyncGenerator<Uint8Array> {
  for (const value of values) yield Buffer.from(`${JSON.stringify(value)}\n`);
}

/** The document as one update: its snapshot and every log entry merged (the log is authoritative, not a loaded room). */
async function documentState(db: Db, name: string): Promise<Uint8Array | null> {
  const stored = await readDoc(db, name);
  const parts = stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates;
  if (parts.length === 0) return null;
  return parts.length === 1 && parts[0] ? parts[0] : Y.mergeUpdates(parts);
}
