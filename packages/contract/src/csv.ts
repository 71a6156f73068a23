import { z } from 'zod';

/** What a CSV file can bring in (issue 16.2). */
export const csvKinds = ['contacts', 'accounts', 'cases'] as const;
export const csvKind = z.enum(csvKinds, { message: `must be one of ${csvKinds.join(', ')}` });
export type CsvKind = z.infer<typeof csvKind>;

/** The fields each kind takes from a column, and which are required. */
export const csvFields = {
  contacts: [
    { name: 'name', label: 'Name', required: true },
    { name: 'email', label: 'Email (several: separated by ;)', required: false },
    { name: 'title', label: 'Job title', required: false },
    { name: 'phone', label: 'Phone', required: false },
    { name: 'account', label: 'Account (name or domain)', required: false },
    { name: 'tags', label: 'Tags (separated by ;)', required: false },
    { name: 'notes', label: 'Notes', required: false },
  ],
  accounts: [
    { name: 'name', label: 'Name', required: true },
    { name: 'domains', label: 'Domains (separated by ;)', required: false },
    { name: 'tags', label: 'Tags (separated by ;)', required: false },
    { name: 'notes', label: 'Notes', required: false },
  ],
  cases: [
    { name: 'title', label: 'Title', required: true },
    { name: 'kind', label: 'Kind (deal or support)', required: false },
    { name: 'stage', label: 'Stage', required: false },
    { name: 'priority', label: 'Priority', required: false },
    { name: 'account', label: 'Account', required: false },
    { name: 'value', label: 'Value', required: false },
    { name: 'currency', label: 'Currency', required: false },
    { name: 'closeDate', label: 'Close date', required: false },
    { name: 'owner', label: 'Owner (a member’s email)', required: false },
  ],
} as const satisfies Record<CsvKind, ReadonlyArray<{ name: string; label: string; required: boolean }>>;

/** Field → the column it comes from (by the header's name); a field left out is not imported. */
export const csvMapping = z.record(z.string().max(60), z.string().max(200));
export type CsvMapping = z.infer<typeof csvMapping>;

export const csvKindParam = z.object({ kind: csvKind });
export const csvImportQuery = z.object({
  /** JSON of the mapping; absent: guessed from the headers. */
  mapping: z
    .string()
    .max(10_000)
    .optional()
    .transform((s, ctx) => {
      if (s === undefined) return undefined;
      try {
        const parsed = csvMapping.safeParse(JSON.parse(s));
        if (parsed.success) return parsed.data;
      } catch {
        // reported below
      }
      ctx.addIssue({ code: 'custom', message: 'must be a JSON object from field to column name' });
      return z.NEVER;
    }),
  /** true: report what would happen and change nothing. */
  dryRun: z.enum(['true', 'false', '1', '0']).optional(),
});

export const csvPreview = z.object({
  columns: z.array(z.string()),
  /** The first rows, as the file has them. */
  sample: z.array(z.array(z.string())),
  rows: z.number().int(),
  delimiter: z.string(),
  /** The mapping guessed from the headers. */
  mapping: csvMapping,
  fields: z.array(z.object({ name: z.string(), label: z.string(), required: z.boolean() })),
});
export type CsvPreview = z.infer<typeof csvPreview>;

/** A row the import refused: the spreadsheet row (the header is row 1), the column, why. */
export const csvRefusal = z.object({ row: z.number().int(), column: z.string().nullable(), reason: z.string() });
export type CsvRefusal = z.infer<typeof csvRefusal>;

export const csvImportResult = z.object({
  dryRun: z.boolean(),
  rows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  refused: z.array(csvRefusal),
});
export type CsvImportResult = z.infer<typeof csvImportResult>;
