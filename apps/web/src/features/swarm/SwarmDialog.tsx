import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Async } from '../../components/Async';
import { Dialog } from '../../components/Dialog';
import { FormActions } from '../../components/FormActions';
import { FormError } from '../../components/FormError';
import { call } from '../../lib/api';
import { useApi } from '../../lib/useApi';
import { useSubmit } from '../../lib/useSubmit';

/**
 * Swarm on a moment of truth (issue 15.7): the people best placed to help
 * with this message, ranked by the server from the workspace's history, each
 * with the reasons; ticking some and asking puts them on the case team and
 * tells them at once (their bell and notification stream).
 */
export function SwarmDialog({
  caseId,
  activityId,
  onClose,
  onAsked,
}: {
  caseId: string;
  activityId: string;
  onClose: () => void;
  onAsked: (names: string[]) => void;
}) {
  const { t } = useTranslation();
  const suggestions = useApi(`swarm:${caseId}:${activityId}`, (signal) =>
    call('GET /api/cases/{id}/swarm', { params: { id: caseId }, query: { activityId }, signal }),
  );
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const hintId = useId();
  const asking = useSubmit(async () => {
    const userIds = [...picked];
    await call('POST /api/cases/{id}/swarm', { params: { id: caseId }, body: { activityId, userIds } });
    const names = (suggestions.data?.suggestions ?? []).filter((s) => picked.has(s.userId)).map((s) => s.name);
    onAsked(names);
    onClose();
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (picked.size === 0) asking.fail(t('Tick at least one person to ask.'));
    else void asking.run();
  };
  const toggle = (userId: string) =>
    setPicked((prev) => {
      const next = new Set(prev);
      if (next.has(userId)) next.delete(userId);
      else next.add(userId);
      return next;
    });

  return (
    <Dialog title={t('Who can help?')} onClose={onClose} describedBy={hintId}>
      <form onSubmit={submit} className="stack">
        <p id={hintId} className="muted">
          {t(
            'Ranked from who worked on this account and with this sender, and how they keep their promises. Those you ask join the case team and are told at once.',
          )}
        </p>
        <Async
          value={suggestions}
          what={t('suggestions')}
          isEmpty={(d) => d.suggestions.length === 0}
          empty={<p className="muted">{t('Nobody in the workspace has worked with this account or sender yet. Add people from the Case team panel.')}</p>}
        >
          {(data) => (
            <fieldset className="swarm">
              <legend className="visually-hidden">{t('People to ask')}</legend>
              {data.suggestions.map((s) => (
                <label key={s.userId} className="swarm__person">
                  <input type="checkbox" checked={picked.has(s.userId)} onChange={() => toggle(s.userId)} />
                  <span>
                    <strong>{s.name}</strong>
                    <ul className="swarm__reasons" aria-label={t('Why {{name}}', { name: s.name })}>
                      {s.reasons.map((r) => (
                        <li key={r}>{r}</li>
                      ))}
                    </ul>
                  </span>
                </label>
              ))}
            </fieldset>
          )}
        </Async>
        <FormError message={asking.error} />
        <FormActions onCancel={onClose} submitLabel={t('Ask them to help')} busy={asking.busy} busyLabel={t('Asking…')} />
      </form>
    </Dialog>
  );
}
