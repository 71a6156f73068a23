import { useEffect, useState } from 'react';
import type { Editor } from '@tiptap/react';
import type * as Y from 'yjs';
import { fragmentText, parseDocName } from '@casehub/case-document';
import type { VersionDetail, VersionSummary } from '@casehub/contract';
import { api, errorMessage, isAbort } from '../../lib/api';
import type { SyncSession } from '../../lib/sync';
import { Dialog } from '../../components/Dialog';
import { formatDateTime } from '../activity/format';
import { fromBase64, restoreVersion } from './restore';
import { WordDiff } from './WordDiff';
import './history.css';

interface HistoryDrawerProps {
  session: SyncSession;
  editor: Editor;
  /** `plan` or `note:<activityId>`. */
  target: string;
  /** The live text the versions are of. */
  fragment: Y.XmlFragment;
  title: string;
  editable: boolean;
  onClose: () => void;
}

const authorsOf = (v: VersionSummary): string => (v.authors.length === 0 ? 'Automatic' : v.authors.map((a) => a.name).join(', '));

/** The live plain text of a fragment, re-read on every change (local or remote). */
function useLiveText(fragment: Y.XmlFragment): string {
  const [text, setText] = useState(() => fragmentText(fragment));
  useEffect(() => {
    const update = (): void => setText(fragmentText(fragment));
    update();
    fragment.observeDeep(update);
    return () => fragment.unobserveDeep(update);
  }, [fragment]);
  return text;
}

/**
 * Versions of one text (the server keeps them: at the end of each editing
 * session and every few minutes of activity), each with who changed it and
 * when; the chosen one is previewed against the current text and can be
 * restored as a new change.
 */
export function HistoryDrawer({ session, editor, target, fragment, title, editable, onClose }: HistoryDrawerProps) {
  const doc = parseDocName(session.provider.roomname);
  const [versions, setVersions] = useState<VersionSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [detail, setDetail] = useState<VersionDetail | null>(null);
  const [restored, setRestored] = useState<string | null>(null);
  const [restoring, setRestoring] = useState(false);
  /** Bumped after a restore: the list then holds the text the restore replaced. */
  const [listVersion, setListVersion] = useState(0);
  const current = useLiveText(fragment);

  const caseId = doc?.caseId;
  const side = doc?.side;
  useEffect(() => {
    if (!caseId || !side) return;
    const ctrl = new AbortController();
    api.listVersions(caseId, { doc: side, target }, ctrl.signal).then(
      (list) => {
        setVersions(list);
        setSelected((s) => s ?? list[0]?.id ?? null);
      },
      (err: unknown) => {
        if (!isAbort(err)) setError(errorMessage(err));
      },
    );
    return () => ctrl.abort();
  }, [caseId, side, target, listVersion]);

  useEffect(() => {
    setDetail(null);
    if (!selected) return;
    const ctrl = new AbortController();
    api.getVersion(selected, ctrl.signal).then(setDetail, (err: unknown) => {
      if (!isAbort(err)) setError(errorMessage(err));
    });
    return () => ctrl.abort();
  }, [selected]);

  /**
   * The text as it is now is kept as a version first (the server checks
   * it equals no earlier one), so the restore can itself be undone after a
   * reload, by restoring that version. If that fails, nothing is replaced.
   */
  const restore = async (): Promise<void> => {
    if (!detail || !doc || restoring) return;
    setRestoring(true);
    setError(null);
    try {
      await api.checkpointVersion(doc.caseId, { doc: doc.side, target });
      restoreVersion(editor, fragment, fromBase64(detail.state));
      setRestored(detail.id);
      setListVersion((n) => n + 1);
    } catch (err) {
      setError(`Nothing was restored: the current text could not be kept as a version first (${errorMessage(err)}).`);
    } finally {
      setRestoring(false);
    }
  };
  const sameAsNow = detail !== null && detail.text === current;

  return (
    <Dialog title={`History — ${title}`} onClose={onClose} variant="drawer">
      <div className="history-drawer__body">
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        {versions === null && !error ? (
          <p className="muted" role="status">
            Loading versions…
          </p>
        ) : null}
        {versions?.length === 0 ? (
          <p className="muted">No earlier versions yet. One is kept when an editing session ends, and every few minutes while people edit.</p>
        ) : null}
        {versions && versions.length > 0 ? (
          <div className="history-drawer__columns">
            <ul className="history-drawer__list" aria-label="Versions">
              {versions.map((v) => (
                <li key={v.id}>
                  <button type="button" className="history-drawer__item" aria-current={v.id === selected} onClick={() => setSelected(v.id)}>
                    <strong>{formatDateTime(v.at)}</strong>
                    <small>{authorsOf(v)}</small>
                    <small>{v.excerpt || '(empty)'}</small>
                  </button>
                </li>
              ))}
            </ul>
            <section className="history-drawer__preview" aria-label="Version preview">
              {detail ? (
                <>
                  <p className="muted">
                    {formatDateTime(detail.at)} · {authorsOf(detail)} — compared with the current text
                  </p>
                  <WordDiff current={current} version={detail.text} />
                  {editable && sameAsNow && restored !== detail.id ? <p className="muted">This version is the same as the current text.</p> : null}
                  {editable && !sameAsNow ? (
                    <div>
                      <button type="button" className="button button--primary" onClick={() => void restore()} disabled={restoring} aria-busy={restoring}>
                        {restoring ? 'Keeping the current text…' : 'Restore this version'}
                      </button>
                    </div>
                  ) : null}
                  {restored === detail.id ? (
                    <p className="muted" role="status">
                      Restored. Everyone sees it now; Undo (Ctrl+Z) in the editor brings the newer text back, and the text it replaced is kept in this list.
                    </p>
                  ) : null}
                </>
              ) : selected ? (
                <p className="muted" role="status">
                  Loading…
                </p>
              ) : null}
            </section>
          </div>
        ) : null}
      </div>
    </Dialog>
  );
}
