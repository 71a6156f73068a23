import { z } from 'zod';

/**
 * The one script an email's frame runs: it tells the page what is selected
 * in the message, so "Make a promise of this" works on the formatted view too.
 * The frame is sandboxed without same-origin (its origin is "null"), so it
 * can neither read the page nor be read by it; this message is the only way
 * across. Target "*": a null-origin frame cannot name the page's origin, and
 * the only receiver is its parent, which already holds the message's text.
 */
export const frameSelectionScript = `(function () {
  var last = null;
  document.addEventListener('selectionchange', function () {
    var selection = document.getSelection();
    var text = selection ? String(selection).slice(0, 10000) : '';
    if (text === last) return;
    last = text;
    parent.postMessage({ type: 'casehub:selection', text: text }, '*');
  });
})();`;

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
