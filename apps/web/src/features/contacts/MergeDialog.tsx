import { useId, useState } from 'react';
import { Async } from '../../components/Async';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Dialog } from '../../components/Dialog';
import { useApi } from '../../lib/useApi';
import { useDebouncedValue } from '../../lib/useDebouncedValue';
import { useTranslation } from 'react-i18next';
import { msg } from '../../i18n';
import type { RecordKind } from './RecordHeader';

export type MergeCandidate = { id: string; name: string; detail: string };

/** The dialog's texts for each kind of record, whole, so a translator sees each sentence. */
const texts = {
  contact: { find: msg('Find the duplicate contact'), what: msg('the contacts'), none: msg('No other contact matches.'), legend: msg('Duplicate contact') },
  account: { find: msg('Find the duplicate account'), what: msg('the accounts'), none: msg('No other account matches.'), legend: msg('Duplicate account') },
} as const;

interface MergeDialogProps {
  record: RecordKind;
  survivor: { id: string; name: string };
  /** Looks for possible duplicates by a search string. */
  search: (q: string, signal: AbortSignal) => Promise<MergeCandidate[]>;
  /** What moves, said in the confirmation. */
  moves: string;
  onMerge: (otherId: string) => Promise<void>;
  onClose: () => void;
}

/** Merge duplicates in two steps: pick the duplicate, then confirm (it cannot be undone). */
export function MergeDialog({ record, survivor, search, moves, onMerge, onClose }: MergeDialogProps) {
  const { t } = useTranslation();
  const text = texts[record];
  const searchId = useId();
  const [q, setQ] = useState(survivor.name.split(/\s+/)[0] ?? '');
  const query = useDebouncedValue(q, 200);
  const found = useApi(`merge:${record}:${query}`, async (signal) => (await search(query, signal)).filter((c) => c.id !== survivor.id));
  const [picked, setPicked] = useState<MergeCandidate | null>(null);
  const [confirming, setConfirming] = useState(false);

  if (confirming && picked) {
    return (
      <ConfirmDialog
        title={t('Merge {{duplicate}} into {{name}}?', { duplicate: picked.name, name: survivor.name })}
        confirmLabel={t('Merge')}
        onClose={onClose}
        onConfirm={() => onMerge(picked.id)}
      >
        <p>{t('{{moves}} {{name}} then disappears from the lists. This cannot be undone.', { moves, name: picked.name })}</p>
      </ConfirmDialog>
    );
  }
  return (
    <Dialog title={t('Merge a duplicate into {{name}}', { name: survivor.name })} onClose={onClose}>
      <div className="stack">
        <div className="field">
          <label htmlFor={searchId}>{t(text.find)}</label>
          <input id={searchId} type="search" value={q} onChange={(e) => setQ(e.target.value)} />
        </div>
        <Async value={found} what={t(text.what)} loading={t('Searching…')} empty={<p className="muted">{t(text.none)}</p>}>
          {(candidates) => (
            <fieldset className="merge-candidates">
              <legend className="visually-hidden">{t(text.legend)}</legend>
              {candidates.map((c) => (
                <label key={c.id} className="merge-candidate">
                  <input type="radio" name="duplicate" value={c.id} checked={picked?.id === c.id} onChange={() => setPicked(c)} />
                  <span>
                    <strong>{c.name}</strong> {c.detail ? <span className="muted">{c.detail}</span> : null}
                  </span>
                </label>
              ))}
            </fieldset>
          )}
        </Async>
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onClose}>
            {t('Cancel')}
          </button>
          <button type="button" className="button button--primary" disabled={!picked} onClick={() => setConfirming(true)}>
            {t('Continue')}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
