import { caseKinds, type CaseKind } from '@casehub/case-document';
import { customFieldsInput, isCustomFieldKey, outcomeIssues, pipelineStage, stageOutcomes, type PipelineStage } from '@casehub/contract';
import { customFields } from '../../storage/schema.js';
import type { ArchiveReader } from './archive.js';
import { badArchive, rowFromJson, tableEntry } from './tables.js';

/**
 * [issue 17] The workspace's own workflow in the archive: its custom field
 * definitions (`tables/custom_fields.ndjson`) and its pipelines (in
 * `workspace.json`). Both are checked whole before anything is written, with
 * the rules a save over the API keeps, so a hand-edited archive cannot give
 * a workspace a field or a pipeline its settings page could not have made.
 */

const maxLine = 64 * 1024 * 1024;

/** What the archive defines: every field id, and which of them hold people (their values are user ids). */
export type ArchivedFields = { ids: string[]; personIds: Set<string> };

/**
 * Reads and checks the archive's custom field definitions, kind by kind in
 * form order: a type or kind this server does not know, a label or id listed
 * twice, a select without options, more fields than a kind takes: 400 with
 * the line or the field. Null for an archive made before definitions were
 * exported.
 */
export async function readArchivedFields(reader: ArchiveReader): Promise<ArchivedFields | null> {
  const entry = tableEntry('custom_fields');
  if (!reader.entries.has(entry)) return null;
  const byKind = new Map<
    CaseKind,
    Array<{ id: string; position: number; label: string; type: string; required: boolean; shared: boolean; options: unknown }>
  >();
  for await (const { line, value } of reader.lines(entry, Number.MAX_SAFE_INTEGER, maxLine)) {
    const row = rowFromJson(customFields, value, `${entry} line ${line}`);
    const kind = caseKinds.find((k) => k === row.kind);
    if (!kind || typeof row.id !== 'string' || typeof row.label !== 'string' || typeof row.type !== 'string') {
      throw badArchive(`${entry} line ${line}: not a custom field definition`);
    }
    const list = byKind.get(kind) ?? [];
    list.push({
      id: row.id,
      position: typeof row.position === 'number' ? row.position : list.length,
      label: row.label,
      type: row.type,
      required: row.required === true,
      shared: row.shared === true,
      options: row.options ?? [],
    });
    byKind.set(kind, list);
  }
  const ids = new Set<string>();
  const personIds = new Set<string>();
  for (const [kind, rows] of byKind) {
    rows.sort((a, b) => a.position - b.position);
    const checked = customFieldsInput.safeParse({ fields: rows });
    if (!checked.success) {
      const issue = checked.error.issues[0];
      const at = typeof issue?.path[1] === 'number' ? rows[issue.path[1]] : undefined;
      throw badArchive(`${entry}: the ${kind} field ${at ? `"${at.label}" (${at.id})` : 'list'}: ${issue?.message ?? 'is not valid'}`);
    }
    for (const f of rows) {
      if (ids.has(f.id)) throw badArchive(`${entry}: the field id ${f.id} is listed twice`);
      ids.add(f.id);
      if (f.type === 'person') personIds.add(f.id);
    }
  }
  return { ids: [...ids], personIds };
}

/** The custom fields a saved view names (columns and sort as `cf:<id>`, filters by id), rewritten through `to`. */
export type ViewFieldsMapped = { columns: unknown; sort: unknown; sortOrder: unknown; filters: unknown; unknown: string[] };

/**
 * A view's custom field names with each id passed through `to`: a field
 * `to` does not know (undefined) is taken out of the view, as the list does
 * with a deleted field (its column goes, its sort falls back to the latest
 * updated, its filter is dropped), and listed in `unknown`.
 */
export function mapViewFields(row: Record<string, unknown>, to: (id: string) => string | undefined): ViewFieldsMapped {
  const unknown: string[] = [];
  const map = (id: string): string | undefined => {
    const next = to(id);
    if (next === undefined) unknown.push(id);
    return next;
  };
  const columns = Array.isArray(row.columns)
    ? row.columns.flatMap((c: unknown) => {
        if (!isCustomFieldKey(c)) return [c];
        const id = map(c.slice('cf:'.length));
        return id === undefined ? [] : [`cf:${id}`];
      })
    : row.columns;
  let sort = row.sort;
  let sortOrder = row.sortOrder;
  if (isCustomFieldKey(sort)) {
    const id = map(sort.slice('cf:'.length));
    sort = id === undefined ? 'updatedAt' : `cf:${id}`;
    if (id === undefined) sortOrder = 'desc';
  }
  let filters = row.filters;
  if (filters && typeof filters === 'object' && !Array.isArray(filters) && 'custom' in filters) {
    const { custom, ...rest } = filters as Record<string, unknown>;
    const kept: Array<[string, unknown]> = [];
    if (custom && typeof custom === 'object' && !Array.isArray(custom)) {
      for (const [id, value] of Object.entries(custom)) {
        const next = map(id);
        if (next !== undefined) kept.push([next, value]);
      }
    }
    filters = kept.length > 0 ? { ...rest, custom: Object.fromEntries(kept) } : rest;
  }
  return { columns, sort, sortOrder, filters, unknown };
}

/** Most stages a kind's pipeline may bring in: a save keeps 30, stages in use can add more, and a hostile file no end of them. */
const maxArchivedStages = 500;

/**
 * The pipelines `workspace.json` carries (absent from archives made before
 * they were exported: null, and each kind is mapped again from the stages in
 * use on first read). Each kind's stages must be a pipeline a save could
 * keep: named once, ids once, at least one open stage, outcomes its kind
 * has. A kind the file leaves out is mapped again like an older archive's.
 */
export function parseArchivedPipelines(value: unknown): Partial<Record<CaseKind, PipelineStage[]>> | null {
  if (value === undefined || value === null) return null;
  const where = 'workspace.json: pipelines';
  if (typeof value !== 'object' || Array.isArray(value)) throw badArchive(`${where} must be an object of stages by kind`);
  const out: Partial<Record<CaseKind, PipelineStage[]>> = {};
  for (const [name, raw] of Object.entries(value)) {
    const kind = caseKinds.find((k) => k === name);
    if (!kind) throw badArchive(`${where}: ${name} is not a kind of case (${caseKinds.join(' or ')})`);
    if (!Array.isArray(raw) || raw.length === 0) throw badArchive(`${where}.${kind} must list at least one stage`);
    if (raw.length > maxArchivedStages) throw badArchive(`${where}.${kind} has more than ${maxArchivedStages} stages`);
    const stages: PipelineStage[] = [];
    const names = new Set<string>();
    const ids = new Set<string>();
    raw.forEach((item: unknown, i: number) => {
      const parsed = pipelineStage.safeParse(item);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw badArchive(
          `${where}.${kind} stage ${i + 1}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'is not a stage'} (a stage is {id, name, outcome: ${stageOutcomes.join('|')}})`,
        );
      }
      const stage = parsed.data;
      if (names.has(stage.name)) throw badArchive(`${where}.${kind}: the stage "${stage.name}" is listed twice`);
      if (ids.has(stage.id)) throw badArchive(`${where}.${kind}: the stage id ${stage.id} is listed twice`);
      names.add(stage.name);
      ids.add(stage.id);
      stages.push(stage);
    });
    if (!stages.some((s) => s.outcome === 'open')) throw badArchive(`${where}.${kind} needs at least one open stage`);
    const issues = outcomeIssues(kind, stages);
    if (issues.length > 0) throw badArchive(`${where}.${kind}: ${issues.join('; ')}`);
    out[kind] = stages;
  }
  return out;
}
