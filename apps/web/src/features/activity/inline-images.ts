import { useEffect, useState } from 'react';

/**
 * [issue 13.9] Images an email embeds by `cid:` are pointed at their
 * attachment files by the server (`/api/files/<id>/content`). The frame that
 * shows the message is sandboxed without same-origin, so it could not load
 * them itself: its requests carry no session cookie (its origin is opaque),
 * the server answers `Cross-Origin-Resource-Policy: same-origin`, and its CSP
 * lets it fetch nothing but `data:` (and remote images once asked). So the
 * page fetches each one with its own session and hands the frame a `data:`
 * URL: the frame stays as shut as before. Remote images still wait in
 * `data-remote-src` for a click.
 */
const fileImage = /(<img\b[^>]*?\bsrc=")(\/api\/files\/[^"/?#]+\/content)(")/gi;
const maxImages = 50;
const maxImageBytes = 5 * 1024 * 1024;
const shownTypes = /^image\/(png|gif|jpeg|webp|bmp)$/i;

function dataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () => reject(reader.error ?? new Error('could not read the image'));
    reader.readAsDataURL(blob);
  });
}

export async function inlineFileImages(html: string, signal: AbortSignal): Promise<string> {
  const urls = [...new Set([...html.matchAll(fileImage)].map((m) => m[2] ?? ''))].filter(Boolean).slice(0, maxImages);
  if (urls.length === 0) return html;
  const found = new Map<string, string>();
  await Promise.all(
    urls.map(async (url) => {
      try {
        const res = await fetch(url, { credentials: 'same-origin', signal });
        if (!res.ok) return;
        const blob = await res.blob();
        if (!shownTypes.test(blob.type) || blob.size > maxImageBytes) return;
        found.set(url, await dataUrl(blob));
      } catch {
        // A missing or refused image stays a broken image; the message still shows.
      }
    }),
  );
  return html.replace(fileImage, (whole, start: string, url: string, end: string) => {
    const data = found.get(url);
    return data ? `${start}${data}${end}` : whole;
  });
}

/** The message's HTML with its inline images as `data:` URLs once they are fetched (the HTML as it is meanwhile). */
export function useInlineImages(html: string): string {
  const [shown, setShown] = useState({ for: html, html });
  useEffect(() => {
    const abort = new AbortController();
    inlineFileImages(html, abort.signal).then(
      (done) => {
        if (!abort.signal.aborted) setShown({ for: html, html: done });
      },
      () => undefined,
    );
    return () => abort.abort();
  }, [html]);
  return shown.for === html ? shown.html : html;
}
