import type { CaseKind, CustomValue } from '@casehub/case-document';
import {
  customFieldIdOfKey,
  customFilter,
  fittingCustomValues,
  isCustomFieldKey,
  type CaseSort,
  validateCustomPatch,
  type CustomFieldDefinition,
  type CustomPatch,
} from '@casehub/contract';
import { AppError } from '../../errors.js';
import type { Db } from '../../storage/db.js';
import * as authRepo from '../auth/repo.js';
import type { CustomCondition } from './repo.js';

/**
 * [issue 17.3] Custom values sent over the API, checked against the kind's
 * definitions: a 400 naming every bad field, and a person field must name a
 * member of the workspace (not a guest), as the owner must.
 */
export async function checkCustomPatch(
  db: Db,
  workspaceId: string,
  defs: readonly CustomFieldDefinition[],
  kind: CaseKind,
  raw: Readonly<Record<string, unknown>> | undefined,
): Promise<CustomPatch> {
  if (raw === undefined) return {};
  const result = validateCustomPatch(defs, kind, raw);
  if (!result.ok) throw new AppError('validation_failed', result.issues.join('; '));
  for (const def of defs) {
    const value = result.values[def.id];
    if (def.type !== 'person' || typeof value !== 'string') continue;
    const member = await authRepo.findMembership(db, workspaceId, value);
    if (!member || member.role === 'guest') throw new AppError('validation_failed', `custom.${def.id} ("${def.label}"): must be a member of this workspace`);
  }
  return result.values;
}

/** What a reader sees of a case's custom values: those fitting today's definitions, of the fields they may see. */
export const visibleCustom = (defs: readonly CustomFieldDefinition[], kind: CaseKind, stored: unknown): Record<string, CustomValue> =>
  fittingCustomValues(defs, kind, stored !== null && typeof stored === 'object' ? (stored as Record<string, unknown>) : {});

/** The fields a reader may see: all for members, the shared ones for guests. */
export const fieldsFor = (defs: readonly CustomFieldDefinition[], guest: boolean): CustomFieldDefinition[] =>
  guest ? defs.filter((d) => d.shared) : [...defs];

const badFilter = (message: string) => new AppError('validation_failed', `custom: ${message}`);

/**
 * `GET /api/cases?custom={"<fieldId>": value}` as SQL conditions: text and
 * URLs match when they contain the value, a multi select when it has the
 * option, a checkbox `true`/`false`, money by amount, anything else by
 * equality. A field the reader may not see is an unknown field (guests).
 */
export function customConditions(defs: readonly CustomFieldDefinition[], raw: string | undefined): CustomCondition[] {
  if (raw === undefined || raw.trim() === '') return [];
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw badFilter('must be a JSON object of custom field id to value');
  }
  const parsed = customFilter.safeParse(json);
  if (!parsed.success) throw badFilter(parsed.error.issues[0]?.message ?? 'must be a JSON object of custom field id to value');
  const out: CustomCondition[] = [];
  for (const [id, value] of Object.entries(parsed.data)) {
    const def = defs.find((d) => d.id === id);
    if (!def) throw badFilter(`no such custom field: ${id}`);
    const text = String(value).trim();
    if (text === '') continue;
    switch (def.type) {
      case 'text':
      case 'url':
        out.push({ id, match: 'contains', text });
        break;
      case 'number':
      case 'money': {
        const n = Number(text);
        if (!Number.isFinite(n)) throw badFilter(`"${def.label}" is a number: ${text} is not one`);
        out.push({ id, match: 'equals', value: def.type === 'money' ? { amount: n } : n });
        break;
      }
      case 'checkbox':
        if (text !== 'true' && text !== 'false') throw badFilter(`"${def.label}" is a checkbox: use true or false`);
        out.push(text === 'true' ? { id, match: 'equals', value: true } : { id, match: 'unchecked' });
        break;
      case 'multiselect':
        out.push({ id, match: 'equals', value: [text] });
        break;
      case 'select':
      case 'person':
      case 'date':
        out.push({ id, match: 'equals', value: text });
        break;
    }
  }
  return out;
}

/**
 * [issue 17.4] The field a `sort=cf:<id>` names, among those the reader may
 * see (a guest's team-only field is an unknown one); undefined for a built-in
 * sort.
 */
export function customSortField(defs: readonly CustomFieldDefinition[], sort: CaseSort): CustomFieldDefinition | undefined {
  if (!isCustomFieldKey(sort)) return undefined;
  const id = customFieldIdOfKey(sort);
  const def = defs.find((d) => d.id === id);
  if (!def) throw new AppError('validation_failed', `sort: no such custom field: ${id}`);
  return def;
}
