import { z } from 'zod';

/**
 * Saved replies (issue 13.6): a workspace's named snippets, inserted from the
 * composer. The body is rich text (HTML as the editor writes it; sanitized
 * on the server) that may hold fields filled in as it is inserted.
 */
export const savedReplyFields = ['contact.firstName', 'contact.name', 'case.title', 'me.firstName', 'me.name'] as const;
export type SavedReplyField = (typeof savedReplyFields)[number];

export const savedReplyInput = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(80),
  html: z.string().trim().min(1, 'must not be empty').max(50_000),
});
export type SavedReplyInput = z.infer<typeof savedReplyInput>;
export const savedReplyPatch = savedReplyInput.partial();

export const savedReply = z.object({
  id: z.string(),
  name: z.string(),
  html: z.string(),
  createdBy: z.string().nullable(),
  createdByName: z.string().nullable(),
  updatedAt: z.string(),
});
export type SavedReply = z.infer<typeof savedReply>;
export const savedReplyList = z.object({ replies: z.array(savedReply) });
export type SavedReplyList = z.infer<typeof savedReplyList>;

/**
 * Fills `{{contact.firstName}}` style fields; a field with no value stays as
 * written, so the writer sees what is missing. Values are HTML-escaped.
 */
export function fillSavedReply(html: string, values: Partial<Record<SavedReplyField, string>>): string {
  return html.replace(/\{\{\s*([a-zA-Z]+\.[a-zA-Z]+)\s*\}\}/g, (whole, key: string) => {
    const value = (values as Record<string, string | undefined>)[key];
    return value ? escapeHtml(value) : whole;
  });
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
