/**
 * Whether an inbound message's sender is who From says (SPF, DKIM, DMARC;
 * issue 13.7) and whether a person wrote it at all (issue 13.8), as small
 * labels on the stream entry and the email view.
 */
import { useTranslation } from 'react-i18next';
import { msg } from '../../i18n';
type Verdict = 'pass' | 'fail' | 'none';
type Automatic = 'bounce' | 'auto-reply' | 'bulk';

const automaticText: Record<Automatic, string> = { bounce: msg('Bounce'), 'auto-reply': msg('Automatic reply'), bulk: msg('Bulk mail') };

export function SenderTrustTags({ senderAuth, automatic, reason }: { senderAuth?: Verdict | null; automatic?: Automatic | null; reason?: string }) {
  const { t } = useTranslation();
  return (
    <>
      {senderAuth === 'pass' ? (
        <span className="tag tag--verified" title={reason}>
          {t('Sender verified')}
        </span>
      ) : senderAuth === 'fail' ? (
        <span className="tag tag--flag" title={reason}>
          {t('Could not verify sender')}
        </span>
      ) : null}
      {automatic ? <span className="tag tag--automatic">{t(automaticText[automatic])}</span> : null}
    </>
  );
}
