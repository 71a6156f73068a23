import { useCallback, useEffect, useState } from 'react';
import type { CaseSummary } from '@casehub/contract';
import { api } from '../../lib/api';
import { useSubmit } from '../../lib/useSubmit';
import { i18n } from '../../i18n';

export type Move = { caseId: string; title: string; from: string; to: string };

/** How long the Undo toast stays after a move. */
const undoForMs = 15_000;

/**
 * Moving cards on the board. A move is `PATCH /api/cases/<id> {stage}`, which
 * the server writes into the case's team document like an edit on the case
 * page (committed, then broadcast to everyone who has the case open, then
 * projected), so it is live for them and its history is the document's.
 * Until the server answers, the card shows where it was put (`pending`);
 * the answer (`answered`, newer than the list's row) keeps it there until
 * the list catches up. Undo (the toast, or Ctrl/⌘+Z on the board) moves it
 * back, only if nobody moved it again meanwhile.
 */
export function useBoardMoves(onMoved: () => void) {
  const [pending, setPending] = useState<ReadonlyMap<string, string>>(new Map());
  const [answered, setAnswered] = useState<ReadonlyMap<string, CaseSummary>>(new Map());
  const [last, setLast] = useState<(Move & { undone?: boolean }) | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const { run, busy, error, reset } = useSubmit((work: () => Promise<void>) => work());

  useEffect(() => {
    if (!last || busy) return;
    const timer = window.setTimeout(() => setLast(null), undoForMs);
    return () => window.clearTimeout(timer);
  }, [last, busy]);

  const setStage = useCallback(
    async (caseId: string, stage: string) => {
      setPending((p) => new Map(p).set(caseId, stage));
      try {
        const updated = await api.patchCase(caseId, { stage });
        setAnswered((a) => new Map(a).set(caseId, updated));
      } finally {
        setPending((p) => {
          const next = new Map(p);
          next.delete(caseId);
          return next;
        });
        onMoved();
      }
    },
    [onMoved],
  );

  const move = useCallback(
    (c: Pick<CaseSummary, 'id' | 'title' | 'stage'>, to: string) => {
      if (c.stage === to) return;
      setNote(null);
      void run(async () => {
        await setStage(c.id, to);
        setLast({ caseId: c.id, title: c.title, from: c.stage, to });
        setNote(i18n.t('Moved “{{title}}” to {{stage}}.', { title: c.title, stage: to }));
      });
    },
    [run, setStage],
  );

  const undo = useCallback(() => {
    if (!last || last.undone || busy) return;
    void run(async () => {
      const now = await api.getCase(last.caseId);
      if (now.stage !== last.to) {
        setLast(null);
        setNote(i18n.t('“{{title}}” is no longer in {{stage}} (someone moved it since): left where it is.', { title: last.title, stage: last.to }));
        return;
      }
      await setStage(last.caseId, last.from);
      setLast({ ...last, undone: true });
      setNote(i18n.t('“{{title}}” is back in {{stage}}.', { title: last.title, stage: last.from }));
    });
  }, [last, busy, run, setStage]);

  /** The list's rows with this person's moves laid over them until the list has caught up. */
  const overlay = useCallback(
    (rows: CaseSummary[]): CaseSummary[] =>
      rows.map((row) => {
        const stage = pending.get(row.id);
        if (stage !== undefined) return { ...row, stage };
        const mine = answered.get(row.id);
        return mine && mine.updatedAt > row.updatedAt ? { ...row, stage: mine.stage } : row;
      }),
    [pending, answered],
  );

  const dismiss = useCallback(() => {
    setLast(null);
    setNote(null);
    reset();
  }, [reset]);

  return { move, undo, overlay, last, note, busy, error, dismiss };
}
