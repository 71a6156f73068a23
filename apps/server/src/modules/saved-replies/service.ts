import type { SavedReply, SavedReplyInput } from '@casehub/contract';
import type sanitizeHtml from 'sanitize-html';
import { AppError, notFound } from '../../errors.js';
import { newId } from '../../lib/ids.js';
import { lazy } from '../../lib/lazy.js';
import type { Db } from '../../storage/db.js';
import { isUniqueViolation } from '../../storage/unique.js';
import { canInWorkspace, type Actor } from '../access/policy.js';
import * as repo from './repo.js';

export type SavedRepliesService = ReturnType<typeof createSavedRepliesService>;

/** What the composer's editor writes, and nothing else: a saved reply is pasted into an email. */
const sanitize = lazy<typeof sanitizeHtml>('sanitize-html');
const allowed: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'b', 'em', 'i', 's', 'u', 'a', 'ul', 'ol', 'li', 'blockquote', 'code', 'pre', 'h1', 'h2', 'h3', 'hr'],
  allowedAttributes: { a: ['href'] },
  allowedSchemes: ['http', 'https', 'mailto'],
};

const notThere = () => notFound('No such saved reply');
const nameTaken = (name: string) => new AppError('conflict', `name: a saved reply called "${name}" exists already`);

/**
 * [M7.2] The workspace's saved replies: every member reads, writes and
 * removes them (a guest is told they do not exist). The body is sanitized
 * on the way in; a body that sanitizes to nothing is refused.
 */
export function createSavedRepliesService({ db }: { db: Db }) {
  const member = (actor: Actor): void => {
    if (!canInWorkspace(actor, 'savedReplies.use')) throw notFound();
  };
  const clean = (html: string): string => {
    const out = sanitize()(html, allowed).trim();
    if (!out.replace(/<[^>]*>/g, '').trim()) throw new AppError('validation_failed', 'html: has no text once cleaned');
    return out;
  };

  return {
    async list(actor: Actor): Promise<SavedReply[]> {
      member(actor);
      return (await repo.listSavedReplies(db, actor.workspaceId)).map(present);
    },

    async create(actor: Actor, input: SavedReplyInput): Promise<SavedReply> {
      member(actor);
      const id = newId();
      try {
        await repo.insertSavedReply(db, { id, workspaceId: actor.workspaceId, name: input.name, html: clean(input.html), createdBy: actor.userId });
      } catch (err) {
        if (isUniqueViolation(err)) throw nameTaken(input.name);
        throw err;
      }
      return present((await repo.findSavedReply(db, actor.workspaceId, id)) ?? failMissing());
    },

    async update(actor: Actor, id: string, change: Partial<SavedReplyInput>): Promise<SavedReply> {
      member(actor);
      const next = { ...(change.name !== undefined && { name: change.name }), ...(change.html !== undefined && { html: clean(change.html) }) };
      try {
        if (!(await repo.updateSavedReply(db, actor.workspaceId, id, next))) throw notThere();
      } catch (err) {
        if (isUniqueViolation(err)) throw nameTaken(change.name ?? '');
        throw err;
      }
      return present((await repo.findSavedReply(db, actor.workspaceId, id)) ?? failMissing());
    },

    async remove(actor: Actor, id: string): Promise<void> {
      member(actor);
      if (!(await repo.deleteSavedReply(db, actor.workspaceId, id))) throw notThere();
    },
  };
}

function failMissing(): never {
  throw notThere();
}

function present(row: repo.SavedReplyRow): SavedReply {
  return { id: row.id, name: row.name, html: row.html, createdBy: row.createdBy, createdByName: row.createdByName, updatedAt: row.updatedAt.toISOString() };
}
