import type { CaseKind } from '@casehub/case-document';
import type { CustomFieldDefinition } from '@casehub/contract';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../storage/db.js';
import { cases, customFields, workspaceSettings } from '../../storage/schema.js';

type Row = typeof customFields.$inferSelect;

const toDefinition = (r: Row): CustomFieldDefinition => ({
  id: r.id,
  kind: r.kind,
  label: r.label,
  type: r.type,
  required: r.required,
  shared: r.shared,
  options: Array.isArray(r.options) ? r.options.filter((o): o is string => typeof o === 'string') : [],
});

/** A workspace's custom fields, deals first, each kind in form order. */
export async function listCustomFields(db: Db, workspaceId: string): Promise<CustomFieldDefinition[]> {
  const rows = await db
    .select()
    .from(customFields)
    .where(eq(customFields.workspaceId, workspaceId))
    .orderBy(asc(customFields.kind), asc(customFields.position), asc(customFields.id));
  return rows.map(toDefinition);
}

/** The custom fields of a case's workspace and kind that guests see (the shared-fields mirror reads them). */
export async function listSharedCustomFieldsOfCase(db: Db, caseId: string): Promise<CustomFieldDefinition[]> {
  const rows = await db
    .select({ field: customFields })
    .from(cases)
    .innerJoin(customFields, and(eq(customFields.workspaceId, cases.workspaceId), eq(customFields.kind, cases.kind), eq(customFields.shared, true)))
    .where(eq(cases.id, caseId))
    .orderBy(asc(customFields.position));
  return rows.map((r) => toDefinition(r.field));
}

/** Locks the workspace's settings row (made first if missing) so two saves of the fields take turns. */
export async function lockFieldSettings(tx: Db, workspaceId: string): Promise<void> {
  await tx.insert(workspaceSettings).values({ workspaceId }).onConflictDoNothing();
  await tx.select({ id: workspaceSettings.workspaceId }).from(workspaceSettings).where(eq(workspaceSettings.workspaceId, workspaceId)).for('update');
}

/** Replaces a kind's definitions with these, in this order. */
export async function replaceCustomFields(tx: Db, workspaceId: string, kind: CaseKind, fields: readonly CustomFieldDefinition[]): Promise<void> {
  await tx.delete(customFields).where(and(eq(customFields.workspaceId, workspaceId), eq(customFields.kind, kind)));
  if (fields.length === 0) return;
  await tx.insert(customFields).values(
    fields.map((f, position) => ({
      id: f.id,
      workspaceId,
      kind,
      label: f.label,
      type: f.type,
      required: f.required,
      shared: f.shared,
      options: [...f.options],
      position,
    })),
  );
}

/** Every definition of the workspace goes (an import bringing its own into a workspace without cases). */
export async function deleteWorkspaceCustomFields(tx: Db, workspaceId: string): Promise<void> {
  await tx.delete(customFields).where(eq(customFields.workspaceId, workspaceId));
}

/** The cases of a kind holding a value for any of these fields (the case index), whose guest view may change. */
export async function listCasesWithCustomValues(db: Db, workspaceId: string, kind: CaseKind, fieldIds: readonly string[]): Promise<string[]> {
  if (fieldIds.length === 0) return [];
  const rows = await db
    .select({ id: cases.id })
    .from(cases)
    .where(
      and(
        eq(cases.workspaceId, workspaceId),
        eq(cases.kind, kind),
        sql`${cases.custom} ?| array[${sql.join(
          fieldIds.map((id) => sql`${id}`),
          sql`, `,
        )}]::text[]`,
      ),
    );
  return rows.map((r) => r.id);
}
