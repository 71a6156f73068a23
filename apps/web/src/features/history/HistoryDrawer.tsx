import { useEffect, useState } from 'react';
import type { Editor } from '@tiptap/react';
import type * as Y from 'yjs';
import { fragmentText, parseDocName } from '@casehub/case-document';
import type { VersionDetail, VersionSummary } from '@casehub/contract';
import { api } from '../../lib/api';
import type { SyncSession } from '../../lib/sync';
import { useApi } from '../../lib/useApi';
import { useSubmit } from '../../lib/useSubmit';
import { Async } from '../../components/Async';
import { Dialog } from '../../components/Dialog';
import { formatDateTime } from '../activity/format';
import { fromBase64, restoreVersion } from './restore';
import { WordDiff } from './WordDiff';
import { useTranslation } from 'react-i18next';
import { i18n } from '../../i18n';

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

const authorsOf = (v: VersionSummary): string => (v.authors.length === 0 ? i18n.t('Automatic') : v.authors.map((a) => a.name).join(', '));

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
  const { t } = useTranslation();
  const doc = parseDocName(session.provider.roomname);
  const [picked, setPicked] = useState<string | null>(null);
  const [restored, setRestored] = useState<string | null>(null);
  /** Bumped after a restore: the list then holds the text the restore replaced. */
  const [listVersion, setListVersion] = useState(0);
  const current = useLiveText(fragment);

  const caseId = doc?.caseId;
  const side = doc?.side;
  const versions = useApi(`versions:${caseId ?? ''}:${side ?? ''}:${target}:${listVersion}`, (signal) =>
    caseId && side ? api.listVersions(caseId, { doc: side, target }, signal) : Promise.resolve([]),
  );
  // The newest version until another is picked.
  const selected = picked ?? versions.data?.[0]?.id ?? null;

  /**
   * The text as it is now is kept as a version first (the server checks
   * it equals no earlier one), so the restore can itself be undone after a
   * reload, by restoring that version. If that fails, nothing is replaced.
   */
  const restoring = useSubmit(async (version: VersionDetail) => {
    if (!doc) return;
    await api.checkpointVersion(doc.caseId, { doc: doc.side, target });
    restoreVersion(editor, fragment, fromBase64(version.state));
    // It stays selected when the list comes back with the replaced text on top.
    setPicked(version.id);
    setRestored(version.id);
    setListVersion((n) => n + 1);
  });

  return (
    <Dialog title={t('History — {{title}}', { title })} onClose={onClose} variant="drawer">
      <div className="history-drawer__body">
        {restoring.error ? (
          <p className="form-error" role="alert">
            {t('Nothing was restored: the current text could not be kept as a version first ({{error}}).', { error: restoring.error })}
          </p>
        ) : null}
        <Async
          value={versions}
          what={t('versions')}
          empty={<p className="muted">{t('No earlier versions yet. One is kept when an editing session ends, and every few minutes while people edit.')}</p>}
        >
          {(list) => (
            <div className="history-drawer__columns">
              <ul className="history-drawer__list" aria-label={t('Versions')}>
                {list.map((v) => (
                  <li key={v.id}>
                    <button type="button" className="history-drawer__item" aria-current={v.id === selected} onClick={() => setPicked(v.id)}>
                      <strong>{formatDateTime(v.at)}</strong>
                      <small>{authorsOf(v)}</small>
                      <small>{v.excerpt || t('(empty)')}</small>
                    </button>
                  </li>
                ))}
              </ul>
              <section className="history-drawer__preview" aria-label={t('Version preview')}>
                {selected ? (
                  // Keyed: another version never shows the last one's text while it loads.
                  <VersionPreview key={selected} id={selected} current={current} editable={editable} restored={restored === selected} restoring={restoring} />
                ) : null}
              </section>
            </div>
          )}
        </Async>
      </div>
    </Dialog>
  );
}

function VersionPreview({
  id,
  current,
  editable,
  restored,
  restoring,
}: {
  id: string;
  current: string;
  editable: boolean;
  /** This version was just restored here. */
  restored: boolean;
  restoring: { busy: boolean; run: (version: VersionDetail) => Promise<unknown> };
}) {
  const { t } = useTranslation();
  const version = useApi(`version:${id}`, (signal) => api.getVersion(id, signal));
  return (
    <Async value={version} what={t('this version')} loading={t('Loading…')}>
      {(detail) => {
        const sameAsNow = detail.text === current;
        return (
          <>
            <p className="muted">
              {t('{{time}} · {{authors}} — compared with the current text', { time: formatDateTime(detail.at), authors: authorsOf(detail) })}
            </p>
            <WordDiff current={current} version={detail.text} />
            {editable && sameAsNow && !restored ? <p className="muted">{t('This version is the same as the current text.')}</p> : null}
            {editable && !sameAsNow ? (
              <div>
                <button
                  type="button"
                  className="button button--primary"
                  onClick={() => void restoring.run(detail)}
                  disabled={restoring.busy}
                  aria-busy={restoring.busy}
                >
                  {restoring.busy ? t('Keeping the current text…') : t('Restore this version')}
                </button>
              </div>
            ) : null}
            {restored ? (
              <p className="muted" role="status">
                {t('Restored. Everyone sees it now; Undo (Ctrl+Z) in the editor brings the newer text back, and the text it replaced is kept in this list.')}
              </p>
            ) : null}
          </>
        );
      }}
    </Async>
  );
}
