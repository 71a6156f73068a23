import { z } from 'zod';

/** Where a file's extracted text stands (PDFs); anything but `done` comes with a reason. */
export const fileTextStatuses = ['pending', 'done', 'none', 'no-text-layer', 'encrypted', 'corrupt', 'too-large', 'timeout', 'failed'] as const;
export type FileTextStatus = (typeof fileTextStatuses)[number];

/** `POST /api/cases/<id>/files` (multipart field `file`). */
export const fileUploadResponse = z.object({ fileId: z.string(), activityId: z.string() });
export type FileUploadResponse = z.infer<typeof fileUploadResponse>;

/** `GET /api/files/<id>`; the bytes are at `GET /api/files/<id>/content`. */
export const fileMeta = z.object({
  id: z.string(),
  caseId: z.string().nullable(),
  emailId: z.string().nullable(),
  activityId: z.string().nullable(),
  name: z.string(),
  contentType: z.string(),
  size: z.number().int().min(0),
  sha256: z.string(),
  textStatus: z.enum(fileTextStatuses),
  /** Why there is no text, or what was left out ("text from the first 500 of 812 pages"). */
  textReason: z.string().nullable(),
  pages: z.number().int().nullable(),
  createdAt: z.string(),
});
export type FileMeta = z.infer<typeof fileMeta>;

/** The multipart body of an upload, as described in the OpenAPI document. */
export const fileUploadForm = z.object({ file: z.string().describe('the file (binary)') });
