import { z } from 'zod';
import { caseKinds, customFieldIdPattern, fieldSchemas, type CaseKind, type CustomValue } from '@casehub/case-document';

/** What a custom field holds (issue 17.3). */
export const customFieldTypes = ['text', 'number', 'money', 'date', 'select', 'multiselect', 'person', 'url', 'checkbox'] as const;
export type CustomFieldType = (typeof customFieldTypes)[number];

export const customFieldTypeNames: Record<CustomFieldType, string> = {
  text: 'Text',
  number: 'Number',
  money: 'Money',
  date: 'Date',
  select: 'Single select',
  multiselect: 'Multi select',
  person: 'Person',
  url: 'URL',
  checkbox: 'Checkbox',
};

/** Types whose values come from the definition's options. */
export const optionTypes: readonly CustomFieldType[] = ['select', 'multiselect'];

/** Most custom fields per kind: a form longer than this is no longer filled in. */
export const maxCustomFields = 40;
export const maxOptions = 50;

const fieldId = z.string().regex(customFieldIdPattern, 'must be a field id');
const label = z.string().trim().min(1, 'must not be empty').max(60);
const option = z.string().trim().min(1, 'an option must not be empty').max(60);

export const customFieldDefinition = z.object({
  id: fieldId,
  kind: z.enum(caseKinds),
  label,
  type: z.enum(customFieldTypes),
  required: z.boolean(),
  /** Shown to the case's guests (mirrored into the shared document), or team only. */
  shared: z.boolean(),
  /** The choices of a single or multi select, in order; empty for other types. */
  options: z.array(option),
});
export type CustomFieldDefinition = z.infer<typeof customFieldDefinition>;

/** `GET /api/settings/custom-fields`: every kind's fields, deals first, each kind in form order. */
export const customFieldList = z.object({ fields: z.array(customFieldDefinition) });
export type CustomFieldList = z.infer<typeof customFieldList>;

/**
 * `PUT /api/settings/custom-fields/{kind}`: the kind's whole list, in form
 * order. A field keeping its `id` is changed in place (its values stay); a
 * field without an `id` is new; a stored field whose `id` is missing is
 * deleted (its values stay in the case documents but are no longer shown).
 * A field's type cannot change: a value of the old type would not fit.
 */
export const customFieldsInput = z
  .object({
    fields: z
      .array(
        z.object({
          id: fieldId.optional(),
          label,
          type: z.enum(customFieldTypes),
          required: z.boolean().default(false),
          shared: z.boolean().default(false),
          options: z.array(option).max(maxOptions, `at most ${maxOptions} options`).default([]),
        }),
      )
      .max(maxCustomFields, `at most ${maxCustomFields} fields`),
  })
  .superRefine((v, ctx) => {
    const labels = new Set<string>();
    const ids = new Set<string>();
    v.fields.forEach((f, i) => {
      const key = f.label.toLowerCase();
      if (labels.has(key)) ctx.addIssue({ code: 'custom', path: ['fields', i, 'label'], message: `"${f.label}" is listed twice` });
      labels.add(key);
      if (f.id !== undefined && ids.has(f.id)) ctx.addIssue({ code: 'custom', path: ['fields', i, 'id'], message: 'is listed twice' });
      if (f.id !== undefined) ids.add(f.id);
      const isOptionType = optionTypes.includes(f.type);
      if (isOptionType && f.options.length === 0)
        ctx.addIssue({ code: 'custom', path: ['fields', i, 'options'], message: `"${f.label}" needs at least one option` });
      if (!isOptionType && f.options.length > 0)
        ctx.addIssue({ code: 'custom', path: ['fields', i, 'options'], message: `"${f.label}" is not a select: it takes no options` });
      if (new Set(f.options).size !== f.options.length)
        ctx.addIssue({ code: 'custom', path: ['fields', i, 'options'], message: `"${f.label}" lists an option twice` });
    });
  });
export type CustomFieldsInput = z.input<typeof customFieldsInput>;
export type CustomFieldsChange = z.output<typeof customFieldsInput>;

/** What a save answers: the kind's stored list. */
export const customFieldsSaved = z.object({ kind: z.enum(caseKinds), fields: z.array(customFieldDefinition) });
export type CustomFieldsSaved = z.infer<typeof customFieldsSaved>;

const finiteNumber = z.number({ error: 'must be a number' }).finite().min(-1e15, 'is too small').max(1e15, 'is too large');
const isoDate = fieldSchemas.closeDate.unwrap();
const webUrl = z
  .string({ error: 'must be a URL' })
  .trim()
  .max(2000)
  .refine((s) => {
    try {
      const url = new URL(s);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'must be a web address starting with http:// or https://');

/** The schema a value of this field must meet (without the clearing `null`). */
export function customValueSchema(def: Pick<CustomFieldDefinition, 'type' | 'options'>): z.ZodType<CustomValue> {
  const oneOf = `must be one of: ${def.options.join(', ')}`;
  switch (def.type) {
    case 'text':
      return z.string({ error: 'must be text' }).trim().min(1, 'must not be empty (send null to clear it)').max(2000, 'is longer than 2000 characters');
    case 'number':
      return finiteNumber;
    case 'money':
      return z.object({ amount: finiteNumber, currency: fieldSchemas.currency }, { error: 'must be {"amount": number, "currency": "EUR"}' }).strict();
    case 'date':
      return isoDate;
    case 'select':
      return z.string({ error: oneOf }).refine((v) => def.options.includes(v), oneOf);
    case 'multiselect':
      return z
        .array(z.string(), { error: `must be a list of options (${def.options.join(', ')})` })
        .refine((v) => v.every((o) => def.options.includes(o)), oneOf)
        .transform((v) => def.options.filter((o) => v.includes(o)));
    case 'person':
      return z.string({ error: "must be a workspace member's user id" }).min(1).max(64);
    case 'url':
      return webUrl;
    case 'checkbox':
      return z.boolean({ error: 'must be true or false' });
  }
}

export type CustomPatch = Record<string, CustomValue | null>;

/**
 * Checks a patch of custom values (by field id) against a kind's definitions:
 * the accepted values (null clears one), or every problem in words a person
 * reads. A required field cannot be cleared.
 */
export function validateCustomPatch(
  defs: readonly CustomFieldDefinition[],
  kind: CaseKind,
  patch: Readonly<Record<string, unknown>>,
): { ok: true; values: CustomPatch } | { ok: false; issues: string[] } {
  const issues: string[] = [];
  const values: CustomPatch = {};
  for (const [id, raw] of Object.entries(patch)) {
    const def = defs.find((d) => d.id === id && d.kind === kind);
    if (!def) {
      issues.push(`custom.${id}: no such custom field on ${kind} cases`);
      continue;
    }
    const name = `custom.${id} ("${def.label}")`;
    if (raw === null || raw === undefined) {
      if (def.required) issues.push(`${name}: is required and cannot be cleared`);
      else values[id] = null;
      continue;
    }
    const parsed = customValueSchema(def).safeParse(raw);
    if (!parsed.success) {
      issues.push(`${name}: ${parsed.error.issues[0]?.message ?? 'is not a valid value'}`);
      continue;
    }
    if (Array.isArray(parsed.data) && parsed.data.length === 0) {
      if (def.required) issues.push(`${name}: is required and cannot be cleared`);
      else values[id] = null;
      continue;
    }
    values[id] = parsed.data;
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, values };
}

/**
 * [issue 17.3] The labels of a kind's required fields that have no value
 * (absent, null, empty text or an empty list) among `values`, by field id:
 * what a new case made by a person must not lack.
 */
export function missingRequiredCustom(defs: readonly CustomFieldDefinition[], kind: CaseKind, values: Readonly<Record<string, unknown>>): string[] {
  const empty = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);
  return defs.filter((d) => d.kind === kind && d.required && empty(values[d.id])).map((d) => d.label);
}

/**
 * The values of a kind's fields that fit their definitions today, by field id:
 * what the API and the case index show of a document any client may have
 * written (a value that does not fit reads as absent).
 */
export function fittingCustomValues(
  defs: readonly CustomFieldDefinition[],
  kind: CaseKind,
  values: Readonly<Record<string, unknown>>,
): Record<string, CustomValue> {
  const out: Record<string, CustomValue> = {};
  for (const def of defs) {
    if (def.kind !== kind || !(def.id in values)) continue;
    const parsed = customValueSchema(def).safeParse(values[def.id]);
    if (parsed.success) out[def.id] = parsed.data;
  }
  return out;
}

/** A value as one line of text (list cells, CSV export); `people` names person fields' user ids. */
export function customValueText(def: Pick<CustomFieldDefinition, 'type'>, value: CustomValue | undefined, people?: ReadonlyMap<string, string>): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.join('; ');
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'object') return `${value.amount} ${value.currency}`;
  if (def.type === 'person' && typeof value === 'string') return people?.get(value) ?? value;
  return String(value);
}

/** `GET /api/cases?custom=...`: a JSON object of field id to the value looked for. */
export const customFilter = z
  .record(fieldId, z.union([z.string().max(200), z.number(), z.boolean()]))
  .refine((r) => Object.keys(r).length <= 10, 'at most 10 custom filters');
export type CustomFilter = z.infer<typeof customFilter>;
