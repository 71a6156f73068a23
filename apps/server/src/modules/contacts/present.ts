import type { AccountSummary, CaseRef, ContactSummary } from '@casehub/contract';
import { AppError, notFound } from '../../errors.js';
import { canInWorkspace, type Actor } from '../access/policy.js';
import type { AccountRow, ContactRow } from './repo.js';

/** Accounts and contacts are for members only; to a guest they do not exist (policy A4). */
export function assertMember(actor: Actor): void {
  if (!canInWorkspace(actor, 'contacts.use')) throw notFound('Not found');
}

export const accountNotFound = () => notFound('No such account');
export const contactNotFound = () => notFound('No such contact');

export function presentAccount(row: AccountRow, extras: { ownerName: string | null; contactCount: number }): AccountSummary {
  return {
    id: row.id,
    name: row.name,
    domains: row.domains,
    ownerId: row.ownerId,
    ownerName: extras.ownerName,
    tags: row.tags,
    notes: row.notes,
    contactCount: extras.contactCount,
    mergedInto: row.mergedInto,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function presentContact(row: ContactRow, accountName: string | null, emails: string[]): ContactSummary {
  return {
    id: row.id,
    name: row.name,
    title: row.title,
    phone: row.phone,
    accountId: row.accountId,
    accountName,
    emails,
    tags: row.tags,
    notes: row.notes,
    mergedInto: row.mergedInto,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function presentCaseRef(row: { id: string; title: string; kind: string; stage: string; private: boolean; updatedAt: Date }): CaseRef {
  return { id: row.id, title: row.title, kind: row.kind, stage: row.stage, private: row.private, updatedAt: row.updatedAt.toISOString() };
}

/** The rules every merge keeps, whatever is merged. */
export function assertMergeable(survivor: { id: string; mergedInto: string | null }, other: { id: string; mergedInto: string | null }, what: string): void {
  if (survivor.id === other.id) throw new AppError('validation_failed', `otherId: a ${what} cannot be merged into itself`);
  if (other.mergedInto) throw new AppError('conflict', `That ${what} was already merged into another one`);
  if (survivor.mergedInto) throw new AppError('conflict', `This ${what} was merged into another one; merge into that one instead`);
}

export const unite = (...lists: string[][]): string[] => [...new Set(lists.flat())];
