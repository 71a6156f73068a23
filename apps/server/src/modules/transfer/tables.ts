import { getTableColumns, type Column } from 'drizzle-orm';
import { PgColumn, type PgTable } from 'drizzle-orm/pg-core';
import { AppError } from '../../errors.js';
import {
  accounts,
  caseContacts,
  caseMembers,
  cases,
  contactEmails,
  contacts,
  customFields,
  docVersions,
  emails,
  files,
  responseClocks,
  routingRules,
  routingTeams,
  savedFilters,
  planTemplates,
  savedReplies,
  savedViews,
  sharedItems,
} from '../../storage/schema.js';

/**
 * What the archive holds of the relational data (issue 16.3, DESIGN §10):
 * the tables that are authoritative. The case index's own columns come back
 * from the documents (cases.ndjson keeps what only the row knows: private,
 * created by/at), and `activity_index` / `expectation_index` are not here at
 * all: they are projections, rebuilt from the documents on import. Sessions,
 * API tokens, invites, jobs and notifications belong to a server, not a
 * workspace; so do who read and opened what (`case_visits`, `case_openings`)
 * and the case index's log of field changes (`case_field_changes`): an
 * imported workspace starts with every case unread, as for a newcomer. Order is import order (parents first).
 */
export type IdKind =
  | 'case'
  | 'email'
  | 'file'
  | 'contact'
  | 'account'
  | 'customField'
  | 'savedFilter'
  | 'savedReply'
  | 'savedView'
  | 'planTemplate'
  | 'routingTeam'
  | 'routingRule'
  | 'docVersion';

/** `strict`: must name a row of the archive; `soft`: a dangling id is kept (or, for users, left as it was). */
type Ref = { kind: IdKind | 'user'; mode: 'strict' | 'soft' };

export type TableSpec = {
  /** The entry in the archive: `tables/<name>.ndjson`, one row per line. */
  name: string;
  table: PgTable;
  /** How rows belong to the workspace: a `workspaceId` column, or a `caseId` of one of its cases. */
  scope: 'workspace' | 'case';
  /** A column unique within the scope, for paging through rows in order. */
  key: string;
  /** The kind of id in `id`, when other rows or documents point at it. */
  id?: IdKind;
  refs: Record<string, Ref>;
  /** Joined the archive after its first version: an archive made before lacks the entry, read as no rows. */
  optional?: true;
};

const strict = (kind: Ref['kind']): Ref => ({ kind, mode: 'strict' });
const soft = (kind: Ref['kind']): Ref => ({ kind, mode: 'soft' });

export const tableSpecs: readonly TableSpec[] = [
  { name: 'accounts', table: accounts, scope: 'workspace', key: 'id', id: 'account', refs: { ownerId: soft('user'), mergedInto: soft('account') } },
  { name: 'contacts', table: contacts, scope: 'workspace', key: 'id', id: 'contact', refs: { accountId: strict('account'), mergedInto: soft('contact') } },
  { name: 'contact_emails', table: contactEmails, scope: 'workspace', key: 'address', refs: { contactId: strict('contact') } },
  // Before the cases: their documents' `cf:<id>` keys and the case index's values are by field id.
  { name: 'custom_fields', table: customFields, scope: 'workspace', key: 'id', id: 'customField', refs: {}, optional: true },
  { name: 'cases', table: cases, scope: 'workspace', key: 'id', id: 'case', refs: { ownerId: soft('user'), createdBy: soft('user') } },
  { name: 'case_members', table: caseMembers, scope: 'case', key: 'userId', refs: { caseId: strict('case'), userId: strict('user') } },
  { name: 'case_contacts', table: caseContacts, scope: 'case', key: 'contactId', refs: { caseId: strict('case'), contactId: strict('contact') } },
  { name: 'saved_filters', table: savedFilters, scope: 'workspace', key: 'id', id: 'savedFilter', refs: { userId: strict('user') } },
  { name: 'saved_replies', table: savedReplies, scope: 'workspace', key: 'id', id: 'savedReply', refs: { createdBy: soft('user') }, optional: true },
  { name: 'saved_views', table: savedViews, scope: 'workspace', key: 'id', id: 'savedView', refs: { createdBy: soft('user') }, optional: true },
  { name: 'plan_templates', table: planTemplates, scope: 'workspace', key: 'id', id: 'planTemplate', refs: { createdBy: soft('user') }, optional: true },
  { name: 'routing_teams', table: routingTeams, scope: 'workspace', key: 'id', id: 'routingTeam', refs: {} },
  { name: 'routing_rules', table: routingRules, scope: 'workspace', key: 'id', id: 'routingRule', refs: {} },
  {
    name: 'emails',
    table: emails,
    scope: 'workspace',
    key: 'id',
    id: 'email',
    refs: { caseId: strict('case'), assigneeId: soft('user'), createdBy: soft('user') },
  },
  {
    name: 'files',
    table: files,
    scope: 'workspace',
    key: 'id',
    id: 'file',
    refs: { caseId: strict('case'), emailId: strict('email'), createdBy: soft('user') },
  },
  { name: 'shared_items', table: sharedItems, scope: 'case', key: 'activityId', refs: { caseId: strict('case'), sharedBy: soft('user') } },
  {
    name: 'response_clocks',
    table: responseClocks,
    scope: 'workspace',
    key: 'emailId',
    refs: { emailId: strict('email'), caseId: strict('case'), assigneeId: soft('user') },
  },
  { name: 'doc_versions', table: docVersions, scope: 'case', key: 'id', id: 'docVersion', refs: { caseId: strict('case') } },
];

export const tableEntry = (name: string): string => `tables/${name}.ndjson`;

/** Whether an archive lacks a table only because it was made before the table joined the export. */
export const absentBefore = (spec: TableSpec, entries: ReadonlyMap<string, unknown>): boolean => spec.optional === true && !entries.has(tableEntry(spec.name));

/** Columns the archive carries: all but generated ones (the search vectors are rebuilt by the database). */
export function storedColumns(table: PgTable): Record<string, PgColumn> {
  const out: Record<string, PgColumn> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    if (column instanceof PgColumn && column.generated === undefined) out[key] = column;
  }
  return out;
}

const isBytes = (column: Column): boolean => column.getSQLType() === 'bytea';

/** A row as one JSON line: dates as ISO-8601, bytes as base64. */
export function rowToJson(table: PgTable, row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(storedColumns(table))) {
    const value = row[key];
    if (value instanceof Date) out[key] = value.toISOString();
    else if (value instanceof Uint8Array && isBytes(column)) out[key] = Buffer.from(value).toString('base64');
    else out[key] = value ?? null;
  }
  return out;
}

/**
 * A JSON line of the archive back to a row, each value checked against its
 * column's type: the archive is a client's upload like any other, and a bad
 * value is answered with its line and column, never a database error.
 */
export function rowFromJson(table: PgTable, json: unknown, where: string): Record<string, unknown> {
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw badArchive(`${where}: not a JSON object`);
  const source = json as Record<string, unknown>;
  const row: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(storedColumns(table))) {
    const value = source[key];
    if (value === undefined || value === null) {
      if (column.notNull && !column.hasDefault) throw badArchive(`${where}: ${key} is missing`);
      if (value === null && !column.notNull) row[key] = null;
      continue;
    }
    row[key] = checkValue(column, value, `${where}: ${key}`);
  }
  return row;
}

function checkValue(column: Column, value: unknown, where: string): unknown {
  if (isBytes(column)) {
    if (typeof value !== 'string') throw badArchive(`${where} must be base64 text`);
    return new Uint8Array(Buffer.from(value, 'base64'));
  }
  switch (column.dataType) {
    case 'string': {
      if (typeof value !== 'string') throw badArchive(`${where} must be text`);
      const allowed = column.enumValues;
      if (allowed && allowed.length > 0 && !allowed.includes(value)) throw badArchive(`${where} must be one of ${allowed.join(', ')}`);
      return value;
    }
    case 'date': {
      const date = typeof value === 'string' ? new Date(value) : null;
      if (!date || Number.isNaN(date.getTime())) throw badArchive(`${where} must be an ISO-8601 time`);
      return date;
    }
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw badArchive(`${where} must be a number`);
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw badArchive(`${where} must be true or false`);
      return value;
    case 'json':
      if (typeof value !== 'object') throw badArchive(`${where} must be a JSON object or array`);
      return value;
    default:
      throw badArchive(`${where} has a type the archive cannot carry`);
  }
}

export const badArchive = (message: string): AppError => new AppError('bad_request', `The archive is not valid: ${message}`);
