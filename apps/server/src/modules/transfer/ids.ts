import type { IdRemap } from '@casehub/case-document';
import { newId } from '../../lib/ids.js';
import { badArchive, type IdKind, type TableSpec } from './tables.js';
import { mapViewFields } from './workflow.js';

/**
 * Which id each archived record gets on this server. An id is kept unless
 * this server already has it (an import of an export from the same server,
 * or imported before): then the record gets a new one, and every row and
 * document that points at it is rewritten. People are matched by email: one
 * who already has an account here is that account.
 */
export class IdMaps {
  private readonly maps = new Map<IdKind, Map<string, string>>();
  readonly users = new Map<string, string>();
  /**
   * [issue 17.3] Whether the archive carries its custom field definitions
   * (archives made before did not), and which of them hold people.
   */
  customFields: { carried: boolean; personIds: ReadonlySet<string> } = { carried: false, personIds: new Set() };

  /** Records the archive's ids of a kind, with those the server already has. */
  set(kind: IdKind, ids: Iterable<string>, taken: ReadonlySet<string>): void {
    const map = new Map<string, string>();
    for (const id of ids) map.set(id, taken.has(id) ? newId() : id);
    this.maps.set(kind, map);
  }

  has(kind: IdKind, id: string): boolean {
    return this.maps.get(kind)?.has(id) ?? false;
  }

  /** The id on this server of an archived record, or undefined if the archive has no such record. */
  get(kind: IdKind, id: string): string | undefined {
    return this.maps.get(kind)?.get(id);
  }

  /** Archived id → id here, of every record of a kind. */
  entries(kind: IdKind): Array<[string, string]> {
    return [...(this.maps.get(kind) ?? new Map<string, string>())];
  }

  /** Whether anything is given a new id (documents need rewriting only then). */
  get remaps(): boolean {
    for (const map of [...this.maps.values(), this.users]) for (const [from, to] of map) if (from !== to) return true;
    return false;
  }

  /** For documents: an id not in the archive stays as it is. */
  documentRemap(): IdRemap {
    return {
      user: (id) => this.users.get(id) ?? id,
      email: (id) => this.get('email', id) ?? id,
      file: (id) => this.get('file', id) ?? id,
      customField: (id) => {
        const here = this.get('customField', id);
        return here === undefined ? undefined : { id: here, person: this.customFields.personIds.has(id) };
      },
    };
  }
}

/**
 * Rewrites one archived row for this workspace: its own id, every column
 * that points at another record (`refs`), and the ids held in JSON columns.
 * A strict reference to a record the archive lacks is refused; a row for a
 * person who is not in the archive (a team member who left) is dropped.
 */
export function remapRow(spec: TableSpec, row: Record<string, unknown>, ids: IdMaps, workspaceId: string, where: string): Record<string, unknown> | null {
  const out = { ...row };
  if ('workspaceId' in out || spec.scope === 'workspace') out.workspaceId = workspaceId;
  if (spec.id) {
    const mapped = typeof out.id === 'string' ? ids.get(spec.id, out.id) : undefined;
    if (!mapped) throw badArchive(`${where}: id is not listed`);
    out.id = mapped;
  }
  for (const [key, ref] of Object.entries(spec.refs)) {
    const value = out[key];
    if (typeof value !== 'string') continue;
    if (ref.kind === 'user') {
      const user = ids.users.get(value);
      if (user) out[key] = user;
      else if (ref.mode === 'strict') return null;
      continue;
    }
    const mapped = ids.get(ref.kind, value);
    if (mapped) out[key] = mapped;
    else if (ref.mode === 'strict') throw badArchive(`${where}: ${key} names a ${ref.kind} that is not in the archive`);
  }
  remapJson(spec.name, out, ids, where);
  return out;
}

const users = (list: unknown, ids: IdMaps): unknown =>
  Array.isArray(list) ? list.map((id) => (typeof id === 'string' ? (ids.users.get(id) ?? id) : id)) : list;

function remapJson(table: string, row: Record<string, unknown>, ids: IdMaps, where: string): void {
  switch (table) {
    case 'cases':
      row.custom = customValues(row.custom, ids);
      return;
    case 'shared_items':
      if (typeof row.itemId === 'string' && (row.kind === 'email' || row.kind === 'file')) row.itemId = ids.get(row.kind, row.itemId) ?? row.itemId;
      return;
    case 'routing_teams':
      row.memberIds = users(row.memberIds, ids);
      return;
    case 'doc_versions':
      row.authorIds = users(row.authorIds, ids);
      return;
    case 'saved_views': {
      // A view filtering by owner names a person: the one they are here.
      const filters = row.filters;
      if (!filters || typeof filters !== 'object' || Array.isArray(filters)) return;
      const next: Record<string, unknown> = { ...filters };
      if (typeof next.ownerId === 'string') next.ownerId = ids.users.get(next.ownerId) ?? next.ownerId;
      row.filters = next;
      viewFields(row, ids, where);
      return;
    }
    case 'routing_rules': {
      const action = row.action;
      if (!action || typeof action !== 'object' || Array.isArray(action)) return;
      const next: Record<string, unknown> = { ...action };
      if (typeof next.caseId === 'string') next.caseId = ids.get('case', next.caseId) ?? next.caseId;
      const assign = next.assign;
      if (assign && typeof assign === 'object' && !Array.isArray(assign)) {
        const a: Record<string, unknown> = { ...assign };
        if (typeof a.userId === 'string') a.userId = ids.users.get(a.userId) ?? a.userId;
        if (typeof a.teamId === 'string') a.teamId = ids.get('routingTeam', a.teamId) ?? a.teamId;
        next.assign = a;
      }
      row.action = next;
      return;
    }
    default:
  }
}

/**
 * [issue 17.3] The case index's custom values, by the fields' ids here (a
 * person field's value is the person here). A value of a field the archive
 * does not define is left out: the index holds only values that fit a
 * definition, and the projection writes it again from the document.
 */
function customValues(custom: unknown, ids: IdMaps): unknown {
  if (!custom || typeof custom !== 'object' || Array.isArray(custom)) return custom;
  const out: Record<string, unknown> = {};
  for (const [id, value] of Object.entries(custom)) {
    const here = ids.get('customField', id);
    if (here === undefined) continue;
    out[here] = ids.customFields.personIds.has(id) && typeof value === 'string' ? (ids.users.get(value) ?? value) : value;
  }
  return out;
}

/**
 * [issue 17.4] A view's columns, sort and filters name custom fields by id:
 * the same fields here. An archive with definitions must define every field
 * its views name (a genuine export leaves out what names a deleted field);
 * one made before definitions were exported has none to point at, so its
 * views lose those columns, sorts and filters instead of naming nothing.
 */
function viewFields(row: Record<string, unknown>, ids: IdMaps, where: string): void {
  const carried = ids.customFields.carried;
  const mapped = mapViewFields(row, (id) => (carried ? ids.get('customField', id) : undefined));
  if (carried && mapped.unknown.length > 0) {
    const name = typeof row.name === 'string' ? `"${row.name}"` : 'a view';
    throw badArchive(`${where}: the view ${name} names the custom field ${mapped.unknown[0]}, which tables/custom_fields.ndjson does not define`);
  }
  row.columns = mapped.columns;
  row.sort = mapped.sort;
  row.sortOrder = mapped.sortOrder;
  row.filters = mapped.filters;
}
