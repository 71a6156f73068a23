import { useCallback, useEffect, useRef, useState } from 'react';
import type { ActivityRecord } from '@casehub/case-document';
import { useTranslation } from 'react-i18next';
import type { SplitPick } from './SplitDialog';
import { splitTitle, subjectOf } from './splitTitles';

/** The API takes at most this many entries in one split (contract's splitCaseInput). */
export const maxSplitEntries = 500;

/**
 * [issue 17.5] Choosing what to split off a case's stream: a selection mode
 * (checkboxes on the rows) for entries, or an email thread picked from a
 * row's menu, and the dialog that names the new case.
 */
export function useSplitSelection(entries: ActivityRecord[], caseTitle: string) {
  const [selecting, setSelecting] = useState(false);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [dialog, setDialog] = useState<{ pick: SplitPick; title: string } | null>(null);

  // An entry that left the stream (deleted, or split off by someone else) is no longer chosen.
  const present = new Set(entries.map((e) => e.id));
  const chosen = [...selected].filter((id) => present.has(id));

  const toggle = useCallback((id: string) => {
    setSelected((was) => {
      const next = new Set(was);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }, []);
  const start = useCallback(() => {
    setSelected(new Set());
    setSelecting(true);
  }, []);
  const cancel = useCallback(() => {
    setSelecting(false);
    setSelected(new Set());
  }, []);
  const splitThread = useCallback((entry: ActivityRecord) => {
    if (!entry.threadId) return;
    const subject = subjectOf(entry);
    setDialog({ pick: { threadId: entry.threadId, subject }, title: subject });
  }, []);
  const closeDialog = (): void => {
    setDialog(null);
    // The dialog gives focus back to what opened it; a thread's ⋯ button left with its row, so the stream takes it.
    requestAnimationFrame(() => {
      if (document.activeElement && document.activeElement !== document.body) return;
      document.querySelector<HTMLElement>('.activity .activity-row__open')?.focus();
    });
  };
  const splitChosen = (): void => {
    const picked = entries.filter((e) => selected.has(e.id));
    setDialog({ pick: { activityIds: picked.map((e) => e.id) }, title: splitTitle(picked, caseTitle) });
  };

  return {
    selecting,
    selected,
    count: chosen.length,
    dialog,
    toggle,
    start,
    cancel,
    splitThread,
    splitChosen,
    closeDialog,
    /** After a split the selection is spent. */
    finished: cancel,
  };
}

export type SplitSelection = ReturnType<typeof useSplitSelection>;

/**
 * The stream header's Split control: "Split…" turns on the row checkboxes,
 * then a count, the split itself and Cancel. Focus goes to the first
 * checkbox on the way in and back to "Split…" on the way out.
 */
export function SplitControls({ split }: { split: SplitSelection }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const startButton = useRef<HTMLButtonElement>(null);
  const wasSelecting = useRef(split.selecting);
  useEffect(() => {
    if (split.selecting && !wasSelecting.current) {
      // The entry a row's menu chose keeps focus; "Split…" hands it to the first checkbox.
      const stream = ref.current?.closest('.activity');
      const first =
        stream?.querySelector<HTMLInputElement>('.activity-row__select:checked') ?? stream?.querySelector<HTMLInputElement>('.activity-row__select');
      first?.focus();
    } else if (!split.selecting && wasSelecting.current) {
      startButton.current?.focus();
    }
    wasSelecting.current = split.selecting;
  }, [split.selecting]);

  if (!split.selecting) {
    return (
      <div ref={ref} className="split-controls">
        <button ref={startButton} type="button" className="link-button" onClick={split.start}>
          {t('Split…')}
        </button>
      </div>
    );
  }
  const tooMany = split.count > maxSplitEntries;
  return (
    <div
      ref={ref}
      className="split-controls split-controls--on"
      role="toolbar"
      aria-label={t('Split entries into a new case')}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          split.cancel();
        }
      }}
    >
      <span className="split-controls__count" role="status">
        {tooMany
          ? t('{{count}} selected: at most {{max}} at a time', { count: split.count, max: maxSplitEntries })
          : split.count === 0
            ? t('Tick the entries to move')
            : t('{{count}} selected', { count: split.count })}
      </span>
      <button type="button" className="button button--small button--primary" disabled={split.count === 0 || tooMany} onClick={split.splitChosen}>
        {t('Split into a new case…')}
      </button>
      <button type="button" className="button button--small" onClick={split.cancel}>
        {t('Cancel')}
      </button>
    </div>
  );
}
