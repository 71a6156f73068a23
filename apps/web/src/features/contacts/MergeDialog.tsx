import { useId, useState } from 'react';
import { Async } from '../../components/Async';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Dialog } from '../../components/Dialog';
import { useApi } from '../../lib/useApi';
import { useDebouncedValue } from '../../lib/useDebouncedValue';
import { useTranslation } from 'react-i18next';

export type MergeCandidate = { id: string; name: string; detail: string };

interface MergeDialogProps {
  /** "contact" or "account": used in the labels. */
  what: string;
  survivor: { id: string; name: string };
  /** Looks for possible duplicates by a search string. */
  search: (q: string, signal: AbortSignal) => Promise<MergeCandidate[]>;
  /** What moves, said in the confirmation. */
  moves: string;
  onMerge: (otherId: string) => Promise<void>;
  onClose: () => void;
}

/** Merge duplicates in two steps: pick the duplicate, then confirm (it cannot be undone). */
export function MergeDialog({ what, survivor, search, moves, onMerge, onClose }: MergeDialogProps) {
  const { t } = useTranslation();
  const searchId = useId();
  const [q, setQ] = useState(survivor.name.split(/\s+/)[0] ?? '');
  const query = useDebouncedValue(q, 200);
  const found = useApi(`merge:${what}:${query}`, async (signal) => (await search(query, signal)).filter((c) => c.id !== survivor.id));
  const [picked, setPicked] = useState<MergeCandidate | null>(null);
  const [confirming, setConfirming] = useState(false);

  if (confirming && picked) {
    return (
      <ConfirmDialog title={`Merge ${picked.name} into ${survivor.name}?`} confirmLabel={t('Merge')} onClose={onClose} onConfirm={() => onMerge(picked.id)}>
        <p>
          {moves} {picked.name} then disappears from the lists. This cannot be undone.
        </p>
      </ConfirmDialog>
    );
  }
  return (
    <Dialog title={t('Merge a duplicate into {{name}}', { name: survivor.name })} onClose={onClose}>
      <div className="stack">
        <div className="field">
          <label htmlFor={searchId}>Find the duplicate {what}</label>
          <input id={searchId} type="search" value={q} onChange={(e) => setQ(e.target.value)} />
        </div>
        <Async value={found} what={`the ${what}s`} loading={t('Searching…')} empty={<p className="muted">No other {what} matches.</p>}>
          {(candidates) => (
            <fieldset className="merge-candidates">
              <legend className="visually-hidden">Duplicate {what}</legend>
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
