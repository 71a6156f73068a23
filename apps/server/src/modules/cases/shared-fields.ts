import {
  customFieldIdsIn,
  docName,
  fieldsMap,
  parseDocName,
  readCustomValues,
  readFields,
  sameCustomValue,
  sharedFieldNames,
  writeCustomValues,
  writeFields,
  type CaseFieldsPatch,
  type CaseKind,
  type CustomValue,
} from '@casehub/case-document';
import { fittingCustomValues, type CustomFieldDefinition } from '@casehub/contract';
import type { Logger } from 'pino';
import type * as Y from 'yjs';
import { Debouncer, type SyncExtension } from '../../sync/extension.js';
import type { RoomManager } from '../../sync/rooms.js';

/** The custom fields of a case's kind that guests see (issue 17.3), read fresh for each mirror. */
export type SharedCustomFields = (caseId: string) => Promise<CustomFieldDefinition[]>;

/**
 * The custom values a case's shared document should change to: the team's
 * values of the shared fields (those that fit their definitions), and every
 * other `cf:` key removed, so a team-only field never reaches a guest.
 */
export function sharedCustomPatch(
  teamDoc: Y.Doc,
  sharedDoc: Y.Doc,
  defs: readonly CustomFieldDefinition[],
  kind: CaseKind | undefined,
): Record<string, CustomValue | null> {
  const wanted = kind ? fittingCustomValues(defs, kind, readCustomValues(teamDoc)) : {};
  const current = readCustomValues(sharedDoc);
  const patch: Record<string, CustomValue | null> = {};
  for (const [id, value] of Object.entries(wanted)) if (!sameCustomValue(value, current[id])) patch[id] = value;
  for (const id of customFieldIdsIn(sharedDoc)) if (!(id in wanted)) patch[id] = null;
  return patch;
}

/**
 * Mirrors the guest-visible fields (title, kind, stage, close date, and the
 * custom fields marked shared) from a case's team document into its shared
 * document, shortly after they change. Only changed values are written, so
 * an unrelated team edit costs nothing.
 */
export class SharedFieldsMirror implements SyncExtension {
  readonly name = 'shared fields mirror';
  private readonly fieldsChanged = new WeakSet<Y.Doc>();
  private readonly mirrors: Debouncer;

  constructor(
    private readonly rooms: RoomManager,
    private readonly log: Logger,
    private readonly sharedCustomFields: SharedCustomFields = () => Promise.resolve([]),
    delayMs = 300,
  ) {
    this.mirrors = new Debouncer(delayMs, (err, caseId) => this.log.error({ err, caseId }, 'shared fields mirror failed'));
  }

  /** The on-loaded hook: only a change of the team's fields can need mirroring. */
  readonly onLoaded = (name: string, doc: Y.Doc): void => {
    if (parseDocName(name)?.side !== 'team') return;
    fieldsMap(doc).observe(() => this.fieldsChanged.add(doc));
  };

  readonly afterCommit = (name: string, doc: Y.Doc): void => {
    const parsed = parseDocName(name);
    if (!parsed || parsed.side !== 'team' || !this.fieldsChanged.has(doc) || this.mirrors.isPending(parsed.caseId)) return;
    this.fieldsChanged.delete(doc);
    this.mirrors.schedule(parsed.caseId, () => this.mirror(parsed.caseId, doc));
  };

  async mirror(caseId: string, teamDoc: Y.Doc): Promise<void> {
    const fields = readFields(teamDoc);
    const defs = await this.sharedCustomFields(caseId);
    const name = docName(caseId, 'shared');
    const room = await this.rooms.acquire(name);
    try {
      const current = readFields(room.doc);
      const patch: CaseFieldsPatch = {};
      for (const key of sharedFieldNames) {
        if (fields[key] !== undefined && fields[key] !== current[key]) Object.assign(patch, { [key]: fields[key] });
      }
      const custom = sharedCustomPatch(teamDoc, room.doc, defs, fields.kind);
      if (Object.keys(patch).length > 0 || Object.keys(custom).length > 0)
        await this.rooms.change(name, (doc) => {
          writeFields(doc, patch);
          writeCustomValues(doc, custom);
        });
    } finally {
      this.rooms.release(room);
    }
  }

  /** Mirrors one case now, loading its team document (a custom field's sharing changed in the settings). */
  async mirrorCase(caseId: string): Promise<void> {
    const room = await this.rooms.acquire(docName(caseId, 'team'));
    try {
      await this.mirror(caseId, room.doc);
    } finally {
      this.rooms.release(room);
    }
  }

  /** Mirrors everything still waiting, now (a clean shutdown runs this while documents still take changes). */
  flush(): Promise<void> {
    return this.mirrors.flush();
  }
}
