import {
  accountInput,
  caseCreateInput,
  contactInput,
  csvFields,
  type CustomFieldDefinition,
  type CsvKind,
  type CsvMapping,
  type CsvRefusal,
} from '@casehub/contract';
import type { z } from 'zod';
import { spreadsheetDate, spreadsheetNumber, splitList, type ParsedCsv } from '../../lib/csv.js';

/** What the workspace already holds, to match rows against (lower-case keys). */
export type Lookups = {
  contactByEmail: Map<string, string>;
  accountByDomain: Map<string, string>;
  accountByName: Map<string, string>;
  memberByEmail: Map<string, string>;
  /** [issue 17.3] The workspace's custom fields: a case column maps to one as `custom:<fieldId>`. */
  customFields?: readonly CustomFieldDefinition[];
};

/** The mapping key of a custom field, and the fields a case import takes (the built-in ones, then the custom ones). */
export const customMappingKey = (fieldId: string): string => `custom:${fieldId}`;
export function importFields(kind: CsvKind, defs: readonly CustomFieldDefinition[]): Array<{ name: string; label: string; required: boolean }> {
  const builtIn = csvFields[kind].map((f) => ({ ...f }));
  if (kind !== 'cases') return builtIn;
  return [...builtIn, ...defs.map((d) => ({ name: customMappingKey(d.id), label: `${d.label} (${d.kind} field)`, required: false }))];
}

/** A custom field's value from a cell, in the shape the API takes (checked by the case service), or an error. */
function customCell(def: CustomFieldDefinition, text: string, memberByEmail: Map<string, string>): { ok: true; value: unknown } | { ok: false; error: string } {
  const name = `${def.label}: "${text}"`;
  switch (def.type) {
    case 'number': {
      const n = spreadsheetNumber(text);
      return n === null ? { ok: false, error: `${name} is not a number` } : { ok: true, value: n };
    }
    case 'money': {
      const match = /^(.*?)\s*([A-Za-z]{3})?$/.exec(text.trim());
      const n = spreadsheetNumber(match?.[1] ?? text);
      return n === null
        ? { ok: false, error: `${name} is not an amount (like 1200 EUR)` }
        : { ok: true, value: { amount: n, currency: (match?.[2] ?? 'USD').toUpperCase() } };
    }
    case 'date': {
      const date = spreadsheetDate(text);
      return date ? { ok: true, value: date } : { ok: false, error: `${name} is not a date` };
    }
    case 'multiselect':
      return { ok: true, value: splitList(text) };
    case 'checkbox': {
      const t = text.trim().toLowerCase();
      if (['yes', 'true', '1', 'x', 'y'].includes(t)) return { ok: true, value: true };
      if (['no', 'false', '0', 'n', ''].includes(t)) return { ok: true, value: false };
      return { ok: false, error: `${name} is not yes or no` };
    }
    case 'person': {
      const id = memberByEmail.get(text.trim().toLowerCase());
      return id ? { ok: true, value: id } : { ok: false, error: `${name} is not the email of a member of this workspace` };
    }
    default:
      return { ok: true, value: text.trim() };
  }
}

export type PlannedRow =
  | { row: number; kind: 'contacts'; id: string | null; input: z.output<typeof contactInput>; present: Set<string> }
  | { row: number; kind: 'accounts'; id: string | null; input: z.output<typeof accountInput>; present: Set<string> }
  | { row: number; kind: 'cases'; id: null; input: z.output<typeof caseCreateInput>; present: Set<string> };

export type Plan = { rows: number; planned: PlannedRow[]; refused: CsvRefusal[] };

/** Header spellings each field answers to, after lower-casing and dropping everything but letters and digits. */
const synonyms: Record<CsvKind, Record<string, string[]>> = {
  contacts: {
    name: ['name', 'fullname', 'contactname', 'contact', 'person'],
    email: ['email', 'emails', 'emailaddress', 'mail', 'email1', 'primaryemail', 'workemail'],
    title: ['title', 'jobtitle', 'position', 'role'],
    phone: ['phone', 'phonenumber', 'telephone', 'tel', 'mobile', 'workphone'],
    account: ['account', 'company', 'companyname', 'organisation', 'organization', 'org', 'accountname'],
    tags: ['tags', 'tag', 'labels', 'segments'],
    notes: ['notes', 'note', 'comments', 'description'],
  },
  accounts: {
    name: ['name', 'accountname', 'company', 'companyname', 'organisation', 'organization'],
    domains: ['domain', 'domains', 'website', 'web', 'url', 'companydomain'],
    tags: ['tags', 'tag', 'labels', 'segments'],
    notes: ['notes', 'note', 'comments', 'description'],
  },
  cases: {
    title: ['title', 'name', 'casename', 'dealname', 'subject', 'opportunity', 'opportunityname'],
    kind: ['kind', 'type', 'casetype'],
    stage: ['stage', 'status', 'dealstage', 'pipelinestage'],
    priority: ['priority'],
    account: ['account', 'company', 'companyname', 'organisation', 'organization', 'accountname'],
    value: ['value', 'amount', 'dealvalue', 'dealamount', 'arr', 'revenue'],
    currency: ['currency', 'currencycode'],
    closeDate: ['closedate', 'expectedclosedate', 'close', 'closingdate', 'duedate'],
    owner: ['owner', 'owneremail', 'dealowner', 'assignee', 'assignedto'],
  },
};

const squash = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The mapping a file's headers suggest: each field to the first column spelled like it. */
export function guessMapping(kind: CsvKind, columns: string[], defs: readonly CustomFieldDefinition[] = []): CsvMapping {
  const mapping: CsvMapping = {};
  const taken = new Set<string>();
  for (const field of csvFields[kind]) {
    const column = columns.find((c) => !taken.has(c) && synonyms[kind][field.name]?.includes(squash(c)));
    if (column) {
      mapping[field.name] = column;
      taken.add(column);
    }
  }
  // A custom field answers to its label (as the export writes it).
  if (kind === 'cases')
    for (const def of defs) {
      const column = columns.find((c) => !taken.has(c) && squash(c) === squash(def.label));
      if (column) {
        mapping[customMappingKey(def.id)] = column;
        taken.add(column);
      }
    }
  return mapping;
}

/** A domain from what people put in a "website" column: `https://www.acme.com/about` → `acme.com`. */
function domainOf(value: string): string {
  return value
    .trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, '')
    .replace(/^www\./, '')
    .replace(/^@/, '')
    .replace(/[/?#].*$/, '');
}

/**
 * Turns a parsed file into what an import would do, row by row: create,
 * update (a contact matched by any of its addresses, an account by a domain
 * or its name) or refuse with the row, the column and the reason. Nothing is
 * written here; a dry run stops at this plan.
 */
export function planImport(kind: CsvKind, csv: ParsedCsv, mapping: CsvMapping, lookups: Lookups): Plan {
  const refused: CsvRefusal[] = [];
  const defs = lookups.customFields ?? [];
  const known = new Set<string>(importFields(kind, defs).map((f) => f.name));
  for (const [field, column] of Object.entries(mapping)) {
    if (!known.has(field)) refused.push({ row: 1, column, reason: `"${field}" is not a field of ${kind}` });
    else if (!csv.columns.includes(column)) refused.push({ row: 1, column, reason: `no column "${column}" in the file (mapped to ${field})` });
  }
  const missing = csvFields[kind].filter((f) => f.required && !mapping[f.name]);
  for (const f of missing) refused.push({ row: 1, column: null, reason: `map a column to ${f.label}: it is required` });
  if (refused.length > 0) return { rows: csv.rows.length, planned: [], refused };

  const index = new Map(csv.columns.map((c, i) => [c, i]));
  const planned: PlannedRow[] = [];
  // Within one file: a second row for the same person or account is refused, naming the first.
  const seen = new Map<string, number>();

  for (const { row, cells } of csv.rows) {
    const cell = (field: string): string => {
      const column = mapping[field];
      const i = column === undefined ? undefined : index.get(column);
      return i === undefined ? '' : (cells[i] ?? '');
    };
    const refuse = (field: string | null, reason: string): void => {
      refused.push({ row, column: field ? (mapping[field] ?? null) : null, reason });
    };
    const present = new Set(Object.keys(mapping).filter((f) => cell(f) !== ''));
    const once = (key: string, field: string): boolean => {
      const first = seen.get(key);
      if (first !== undefined) {
        refuse(field, `the same ${field} as row ${first}`);
        return false;
      }
      seen.set(key, row);
      return true;
    };

    if (kind === 'contacts') {
      const emails = splitList(cell('email')).map((e) => e.toLowerCase());
      let accountId: string | null = null;
      const account = cell('account');
      if (account) {
        accountId = lookups.accountByDomain.get(domainOf(account)) ?? lookups.accountByName.get(account.toLowerCase()) ?? null;
        if (!accountId) {
          refuse('account', `no account named "${account}" (import accounts first, or leave this column out)`);
          continue;
        }
      }
      const parsed = contactInput.safeParse({
        name: cell('name'),
        title: cell('title'),
        phone: cell('phone'),
        emails,
        tags: splitList(cell('tags')),
        notes: cell('notes'),
        ...(accountId ? { accountId } : {}),
      });
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const field = issue?.path[0] === 'emails' ? 'email' : String(issue?.path[0] ?? 'name');
        refuse(
          field,
          `${field}: ${issue?.message ?? 'not valid'}${field === 'email' && typeof issue?.path[1] === 'number' ? ` (${emails[issue.path[1]]})` : ''}`,
        );
        continue;
      }
      if (!emails.every((e) => once(`email:${e}`, 'email'))) continue;
      const id = emails.map((e) => lookups.contactByEmail.get(e)).find((x) => x !== undefined) ?? null;
      planned.push({ row, kind, id, input: parsed.data, present });
    } else if (kind === 'accounts') {
      const domains = splitList(cell('domains')).map(domainOf);
      const parsed = accountInput.safeParse({ name: cell('name'), domains, tags: splitList(cell('tags')), notes: cell('notes') });
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const field = String(issue?.path[0] ?? 'name');
        refuse(field, `${field}: ${issue?.message ?? 'not valid'}`);
        continue;
      }
      const name = parsed.data.name.toLowerCase();
      if (!once(`name:${name}`, 'name') || !parsed.data.domains.every((d) => once(`domain:${d}`, 'domains'))) continue;
      const id = parsed.data.domains.map((d) => lookups.accountByDomain.get(d)).find((x) => x !== undefined) ?? lookups.accountByName.get(name) ?? null;
      planned.push({ row, kind, id, input: parsed.data, present });
    } else {
      const raw: Record<string, unknown> = { title: cell('title') };
      const kindCell = cell('kind').toLowerCase();
      if (kindCell) raw.kind = kindCell;
      for (const f of ['stage', 'priority', 'account', 'currency'] as const) if (cell(f)) raw[f] = f === 'currency' ? cell(f).toUpperCase() : cell(f);
      if (cell('value')) {
        const value = spreadsheetNumber(cell('value'));
        if (value === null) {
          refuse('value', `value: "${cell('value')}" is not a number`);
          continue;
        }
        raw.value = value;
      }
      if (cell('closeDate')) {
        const date = spreadsheetDate(cell('closeDate'));
        if (!date) {
          refuse('closeDate', `close date: "${cell('closeDate')}" is not a date (2026-12-31, 12/31/2026 or 31.12.2026)`);
          continue;
        }
        raw.closeDate = date;
      }
      if (cell('owner')) {
        const ownerId = lookups.memberByEmail.get(cell('owner').toLowerCase());
        if (!ownerId) {
          refuse('owner', `owner: ${cell('owner')} is not a member of this workspace`);
          continue;
        }
        raw.ownerId = ownerId;
      }
      // [issue 17.3] Custom fields of the row's kind with a value; the case service checks them against their definitions.
      const rowKind = raw.kind === 'support' ? 'support' : 'deal';
      const custom: Record<string, unknown> = {};
      let bad: { field: string; error: string } | null = null;
      for (const def of defs) {
        const key = customMappingKey(def.id);
        if (def.kind !== rowKind || cell(key) === '' || bad) continue;
        const value = customCell(def, cell(key), lookups.memberByEmail);
        if (value.ok) custom[def.id] = value.value;
        else bad = { field: key, error: value.error };
      }
      if (bad) {
        refuse(bad.field, bad.error);
        continue;
      }
      if (Object.keys(custom).length > 0) raw.custom = custom;
      const parsed = caseCreateInput.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const field = String(issue?.path[0] ?? 'title');
        refuse(field === 'ownerId' ? 'owner' : field, `${field}: ${issue?.message ?? 'not valid'}`);
        continue;
      }
      planned.push({ row, kind, id: null, input: parsed.data, present });
    }
  }
  return { rows: csv.rows.length, planned, refused };
}
