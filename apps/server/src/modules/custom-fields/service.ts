import { caseKinds } from '@casehub/case-document';
import type { CustomFieldDefinition, CustomFieldList, CustomFieldsChange, CustomFieldsSaved } from '@casehub/contract';
import { AppError, notFound } from '../../errors.js';
import { newId } from '../../lib/ids.js';
import type { Db } from '../../storage/db.js';
import { canInWorkspace, type Actor } from '../access/policy.js';
import { insertAudit } from '../auth/repo.js';
import * as repo from './repo.js';

export type CustomFieldsService = ReturnType<typeof createCustomFieldsService>;

/** Brings a case's shared document in line with which of its custom fields guests see now. */
export type Remirror = (caseId: string) => Promise<void>;

/** How many cases are re-mirrored at once after a field's sharing changes. */
const remirrorConcurrency = 4;

/**
 * Settings → Custom fields (issue 17.3): members read each kind's fields,
 * owners and admins define them. A field whose sharing changes is mirrored
 * into (or taken out of) the shared document of every case that has a value.
 */
export function createCustomFieldsService({ db, remirror }: { db: Db; remirror: Remirror }) {
  return {
    async list(actor: Actor): Promise<CustomFieldList> {
      if (!canInWorkspace(actor, 'customFields.read')) throw notFound();
      return { fields: await repo.listCustomFields(db, actor.workspaceId) };
    },

    async set(actor: Actor, kindName: string, input: CustomFieldsChange): Promise<CustomFieldsSaved> {
      if (!canInWorkspace(actor, 'customFields.read')) throw notFound();
      const kind = caseKinds.find((k) => k === kindName);
      if (!kind) throw notFound(`No such kind of case: use ${caseKinds.join(' or ')}`);
      if (!canInWorkspace(actor, 'customFields.manage')) throw new AppError('forbidden', 'Only owners and admins define custom fields');

      const { fields, sharingChanged } = await db.transaction(async (tx) => {
        await repo.lockFieldSettings(tx, actor.workspaceId);
        const all = await repo.listCustomFields(tx, actor.workspaceId);
        const current = all.filter((f) => f.kind === kind);
        const byId = new Map(current.map((f) => [f.id, f]));
        const next: CustomFieldDefinition[] = [];
        for (const f of input.fields) {
          const before = f.id === undefined ? undefined : byId.get(f.id);
          if (f.id !== undefined && !before)
            throw new AppError('conflict', `The field "${f.label}" is no longer defined (someone changed the fields meanwhile): reload and try again`);
          if (before && before.type !== f.type)
            throw new AppError(
              'validation_failed',
              `"${before.label}" is a ${before.type} field and stays one: delete it and add a new field to change the type`,
            );
          next.push({ id: before?.id ?? newId(), kind, label: f.label, type: f.type, required: f.required, shared: f.shared, options: f.options });
        }
        const nextById = new Map(next.map((f) => [f.id, f]));
        // Fields whose guests' view changes: sharing switched on or off, or a shared field deleted.
        const sharingChanged = [
          ...current.filter((f) => f.shared !== (nextById.get(f.id)?.shared ?? false)).map((f) => f.id),
          ...next.filter((f) => f.shared && !byId.has(f.id)).map((f) => f.id),
        ];
        await repo.replaceCustomFields(tx, actor.workspaceId, kind, next);
        await insertAudit(tx, {
          workspaceId: actor.workspaceId,
          actorId: actor.userId,
          action: 'settings.customFields',
          subjectId: actor.workspaceId,
          data: { kind, fields: next.map((f) => `${f.label} (${f.type}${f.required ? ', required' : ''}${f.shared ? ', shared' : ''})`) },
        });
        return { fields: next, sharingChanged };
      });

      // After the commit: guests' documents gain or lose the values of fields whose sharing changed.
      const todo = await repo.listCasesWithCustomValues(db, actor.workspaceId, kind, sharingChanged);
      for (let i = 0; i < todo.length; i += remirrorConcurrency) {
        await Promise.all(todo.slice(i, i + remirrorConcurrency).map((caseId) => remirror(caseId)));
      }
      return { kind, fields };
    },
  };
}
