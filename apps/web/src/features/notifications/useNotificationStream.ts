import { useEffect, useRef, useState } from 'react';
import { urlOf } from '../../lib/api';

/** After the stream is refused (signed out, a proxy that drops it), try again this much later. */
const retryMs = 30_000;
/** The server ends a stream every few minutes and the browser reconnects at once: no need to poll for that. */
const graceMs = 5_000;

/**
 * Listens to `GET /api/notifications/stream` and calls `onChange` whenever
 * the server says the unread count moved. Answers whether the stream is up,
 * so the caller can fall back to polling while it is not.
 */
export function useNotificationStream(onChange: () => void): boolean {
  const [live, setLive] = useState(false);
  const onChangeRef = useRef(onChange);
  useEffect(() => {
    onChangeRef.current = onChange;
  });

  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let down: ReturnType<typeof setTimeout> | undefined;
    let last: number | null = null;
    const up = (): void => {
      clearTimeout(down);
      down = undefined;
      setLive(true);
    };
    const open = (): void => {
      source = new EventSource(urlOf('GET /api/notifications/stream'));
      source.addEventListener('ready', up);
      source.addEventListener('unread', (e) => {
        up();
        let unread: number | null = null;
        try {
          const data: unknown = e instanceof MessageEvent && typeof e.data === 'string' ? JSON.parse(e.data) : null;
          if (typeof data === 'object' && data !== null && 'unread' in data && typeof data.unread === 'number') unread = data.unread;
        } catch {
          // A malformed event still means something changed.
        }
        if (unread === null || unread !== last) onChangeRef.current();
        last = unread;
      });
      source.onerror = () => {
        // EventSource reconnects by itself unless the server refused it outright.
        if (source?.readyState === EventSource.CLOSED) {
          clearTimeout(down);
          setLive(false);
          source.close();
          retry = setTimeout(open, retryMs);
        } else {
          down ??= setTimeout(() => setLive(false), graceMs);
        }
      };
    };
    open();
    return () => {
      clearTimeout(retry);
      clearTimeout(down);
      source?.close();
    };
  }, []);
  return live;
}
