import type { MessageEnvelopeObject } from 'imapflow';
import { MailComposer } from '../../lib/lazy-mail.js';

const mb = (bytes: number): string => `${(bytes / 1048576).toFixed(1)} MB`;
const addresses = (list: MessageEnvelopeObject['to']): Array<{ name: string; address: string }> =>
  (list ?? []).flatMap((a) => (a.address ? [{ name: a.name ?? '', address: a.address }] : []));

/**
 * A message larger than the server takes (MAX_UPLOAD_MB) is not lost from
 * sight (issue 13, "a 30 MB message"): in its place comes a stand-in built
 * from its envelope (who, to whom, when, its subject and Message-ID, so it
 * threads and routes like the real one) whose text says where the message
 * is and why it is not here. Its bytes stay in the mailbox.
 */
export async function standIn(envelope: MessageEnvelopeObject | undefined, size: number, limit: number, where: string): Promise<Uint8Array> {
  const from = addresses(envelope?.from)[0];
  const raw = await new (MailComposer())({
    ...(from ? { from } : {}),
    to: addresses(envelope?.to),
    cc: addresses(envelope?.cc),
    subject: envelope?.subject ?? '',
    ...(envelope?.date ? { date: envelope.date } : {}),
    ...(envelope?.messageId ? { messageId: envelope.messageId } : {}),
    ...(envelope?.inReplyTo ? { inReplyTo: envelope.inReplyTo } : {}),
    headers: { 'X-Casehub-Stand-In': `too-large; size=${size}` },
    text: `This message (${mb(size)}) is larger than this server brings in (MAX_UPLOAD_MB: ${mb(limit)}), so only who sent it, to whom, when and its subject are here. The whole message, with its attachments, stays in ${where}.`,
  })
    .compile()
    .build();
  return new Uint8Array(raw);
}
