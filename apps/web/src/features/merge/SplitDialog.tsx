import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import type { SplitResult } from '@casehub/contract';
import { call } from '../../lib/api';
import { useSubmit } from '../../lib/useSubmit';
import { Dialog } from '../../components/Dialog';
import { TextInput } from '../../components/TextInput';
import { FormError } from '../../components/FormError';
import { FormActions } from '../../components/FormActions';
import { useTranslation } from 'react-i18next';
import { i18n } from '../../i18n';

/** What a split takes off the case: chosen stream entries, or one email thread (the API takes one of the two). */
export type SplitPick = { activityIds: string[] } | { threadId: string; subject: string };

const maxTitle = 200;

function movedSentence(result: SplitResult): string {
  const parts = [i18n.t('{{count}} entries', { count: result.moved.entries })];
  if (result.moved.emails > 0) parts.push(i18n.t('{{count}} emails', { count: result.moved.emails }));
  if (result.moved.files > 0) parts.push(i18n.t('{{count}} files', { count: result.moved.files }));
  return parts.join(', ');
}

/**
 * [issue 17.5] Splitting part of a case off into a new one: name the new
 * case (prefilled), confirm, and go there or stay. The server moves the
 * entries (and the emails and files they hold) and copies the case team;
 * there is no undo, so the dialog says how to bring them back.
 */
export function SplitDialog({
  caseId,
  pick,
  defaultTitle,
  onClose,
  onSplit,
}: {
  caseId: string;
  pick: SplitPick;
  defaultTitle: string;
  onClose: () => void;
  /** The split went through: the selection it came from is spent. */
  onSplit: () => void;
}) {
  const { t } = useTranslation();
  const whatId = useId();
  const [title, setTitle] = useState(defaultTitle.slice(0, maxTitle));
  const [titleError, setTitleError] = useState<string | undefined>();
  const [done, setDone] = useState<{ result: SplitResult; title: string } | null>(null);
  const splitting = useSubmit(async (validTitle: string) => {
    const body = 'threadId' in pick ? { title: validTitle, threadId: pick.threadId } : { title: validTitle, activityIds: pick.activityIds };
    const result = await call('POST /api/cases/{id}/split', { params: { id: caseId }, body });
    setDone({ result, title: validTitle });
    onSplit();
  });

  function submit(e: FormEvent): void {
    e.preventDefault();
    const trimmed = title.trim();
    if (!trimmed) {
      setTitleError(t('Give the new case a title.'));
      return;
    }
    setTitleError(undefined);
    void splitting.run(trimmed);
  }

  if (done) {
    return (
      <Dialog key="done" title={t('Split done')} onClose={onClose} initialFocus=".split-done__open">
        <div className="stack">
          <p role="status">{t('Moved {{what}} to the new case “{{title}}”.', { what: movedSentence(done.result), title: done.title })}</p>
          <div className="dialog__actions">
            <button type="button" className="button" onClick={onClose}>
              {t('Stay on this case')}
            </button>
            <Link to={`/cases/${encodeURIComponent(done.result.caseId)}`} className="button button--primary split-done__open" onClick={onClose}>
              {t('Open “{{title}}”', { title: done.title })}
            </Link>
          </div>
        </div>
      </Dialog>
    );
  }

  const what =
    'threadId' in pick
      ? t(
          'The email thread “{{subject}}”, its emails and their stream entries, move to a new case; later replies to it go there too. The people on this case join the new one. A split cannot be undone; merging the new case back into this one brings its entries back.',
          { subject: pick.subject },
        )
      : t(
          '{{count}} entries, with the emails and files they hold, move to a new case. The people on this case join the new one. A split cannot be undone; merging the new case back into this one brings its entries back.',
          { count: pick.activityIds.length },
        );
  return (
    <Dialog title={t('Split into a new case')} onClose={onClose} describedBy={whatId}>
      <form onSubmit={submit} noValidate className="stack">
        <p id={whatId}>{what}</p>
        <TextInput
          label={t('Title of the new case')}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          error={titleError}
          maxLength={maxTitle}
          required
        />
        <FormError message={splitting.error} />
        <FormActions onCancel={onClose} submitLabel={t('Split into new case')} busy={splitting.busy} busyLabel={t('Splitting…')} />
      </form>
    </Dialog>
  );
}
