import { useState } from 'react';
import type { Editor } from '@tiptap/react';
import type * as Y from 'yjs';
import type { SyncSession } from '../../lib/sync';
import { useTranslation } from 'react-i18next';
import { HistoryDrawer } from './HistoryDrawer';

interface HistoryButtonProps {
  session: SyncSession;
  editor: Editor;
  target: string;
  fragment: Y.XmlFragment;
  /** What the versions are of, for the drawer's title ("Account plan"). */
  title: string;
  editable: boolean;
}

/** Opens the version history of one text (the plan, a note). */
export function HistoryButton(props: HistoryButtonProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="button button--small"
        onClick={() => setOpen(true)}
        aria-label={t('History of the {{title}}', { title: props.title.toLowerCase() })}
      >
        {t('History')}
      </button>
      {open ? <HistoryDrawer {...props} onClose={() => setOpen(false)} /> : null}
    </>
  );
}
