import { useMemo } from 'react';
import { diffWords } from 'diff';
import { useTranslation } from 'react-i18next';

/**
 * What restoring would do to the current text, word by word: struck-through
 * words go, underlined ones come back.
 */
export function WordDiff({ current, version }: { current: string; version: string }) {
  const { t } = useTranslation();
  const parts = useMemo(() => diffWords(current, version), [current, version]);
  const unchanged = parts.every((p) => !p.added && !p.removed);
  return (
    <div className="history-diff" data-testid="version-diff">
      {unchanged ? <p className="muted">{t('Same as the current text.')}</p> : null}
      {parts.map((part, i) =>
        part.added ? (
          <ins key={i} title={t('Comes back when restored')}>
            {part.value}
          </ins>
        ) : part.removed ? (
          <del key={i} title={t('Goes when restored')}>
            {part.value}
          </del>
        ) : (
          <span key={i}>{part.value}</span>
        ),
      )}
    </div>
  );
}
