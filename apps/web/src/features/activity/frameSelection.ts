import { z } from 'zod';

/** The script itself lives in the contract: the server allows exactly it (by hash) in its content security policy. */
export { frameSelectionScript } from '@casehub/contract';

const selectionMessage = z.object({ type: z.literal('casehub:selection'), text: z.string().max(10_000) });

/**
 * The text a message reports as selected, if it comes from an email frame
 * inside `root`; null for any other message. Whatever a frame sends is
 * untrusted: it must be one of our frames (by its window; the origin of a
 * sandboxed frame is only "null") and have the expected shape.
 */
export function selectionFromFrame(event: MessageEvent, root: HTMLElement | null): string | null {
  if (!root || event.origin !== 'null' || event.source === null) return null;
  const ours = [...root.querySelectorAll('iframe')].some((frame) => frame.contentWindow === event.source);
  if (!ours) return null;
  const parsed = selectionMessage.safeParse(event.data);
  return parsed.success ? parsed.data.text : null;
}
