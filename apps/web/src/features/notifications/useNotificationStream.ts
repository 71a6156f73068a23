import { useEffect, useRef, useState } from 'react';

/** After the stream is refused (signed out, a proxy that drops it), try again this much later. */
const retryMs = 30_000;

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
    let last: number | null = null;
    const open = (): void => {
      source = new EventSource('/api/notifications/stream');
      source.addEventListener('ready', () => setLive(true));
      source.addEventListener('unread', (e) => {
        setLive(true);
        let unread: number | null = null;
        try {
          const data: unknown = JSON.parse((e as MessageEvent<string>).data);
          if (typeof data === 'object' && data !== null && 'unread' in data && typeof data.unread === 'number') unread = data.unread;
        } catch {
          // A malformed event still means something changed.
        }
        if (unread === null || unread !== last) onChangeRef.current();
        last = unread;
      });
      source.onerror = () => {
        setLive(false);
        // EventSource reconnects by itself unless the server refused it outright.
        if (source?.readyState === EventSource.CLOSED) {
          source.close();
          retry = setTimeout(open, retryMs);
        }
      };
    };
    open();
    return () => {
      clearTimeout(retry);
      source?.close();
    };
  }, []);
  return live;
}
