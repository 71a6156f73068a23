import { useEffect, useRef, useState, type RefObject } from 'react';
import { promiseTextFrom, usePromiseComposer } from './composer';
import { selectionFromFrame } from '../activity/frameSelection';
import { useTranslation } from 'react-i18next';

/** The text selected inside `container`, if any. */
function selectedIn(container: HTMLElement | null): string {
  const sel = window.getSelection();
  if (!container || !sel || sel.isCollapsed || sel.rangeCount === 0) return '';
  const range = sel.getRangeAt(0);
  if (!container.contains(range.commonAncestorContainer)) return '';
  return promiseTextFrom(sel.toString());
}

/**
 * "Make a promise of this": takes the sentence selected in an email or a
 * note (inside `container`) into the Add promise form, linked to the entry.
 * The last selection made inside is remembered, so pressing the button (which
 * may move focus) does not lose it.
 */
export function PromiseFromSelection({ container, entryId }: { container: RefObject<HTMLElement | null>; entryId: string }) {
  const { t } = useTranslation();
  const compose = usePromiseComposer();
  const last = useRef('');
  const [hasSelection, setHasSelection] = useState(false);

  useEffect(() => {
    const onChange = (): void => {
      const root = container.current;
      const sel = window.getSelection();
      const text = selectedIn(root);
      if (text) last.current = text;
      // A click elsewhere inside the entry clears it; focus moving to a button outside does not.
      else if (root && sel?.anchorNode && root.contains(sel.anchorNode)) last.current = '';
      setHasSelection(last.current !== '');
    };
    // A formatted email is in a sandboxed frame, whose selection the page cannot read: the frame reports it.
    const onMessage = (e: MessageEvent): void => {
      const text = selectionFromFrame(e, container.current);
      if (text === null) return;
      last.current = promiseTextFrom(text);
      setHasSelection(last.current !== '');
    };
    document.addEventListener('selectionchange', onChange);
    window.addEventListener('message', onMessage);
    return () => {
      document.removeEventListener('selectionchange', onChange);
      window.removeEventListener('message', onMessage);
    };
  }, [container]);

  if (!compose) return null;
  return (
    <div className="promise-selection">
      <button
        type="button"
        className={`button button--small${hasSelection ? ' button--primary' : ''}`}
        // Keep the selection (and an editor's focus) where it is.
        onMouseDown={(e) => e.preventDefault()}
        onClick={() => {
          const text = selectedIn(container.current) || last.current;
          compose({ text, sourceActivityId: entryId });
        }}
      >
        {t('Make a promise of this')}
      </button>
      <span className="muted">{hasSelection ? t('Uses the selected text.') : t('Select a sentence first to use it as the promise.')}</span>
    </div>
  );
}
