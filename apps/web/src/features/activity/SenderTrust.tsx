/**
 * Whether an inbound message's sender is who From says (SPF, DKIM, DMARC;
 * issue 13.7) and whether a person wrote it at all (issue 13.8), as small
 * labels on the stream entry and the email view.
 */
type Verdict = 'pass' | 'fail' | 'none';
type Automatic = 'bounce' | 'auto-reply' | 'bulk';

const automaticText: Record<Automatic, string> = { bounce: 'Bounce', 'auto-reply': 'Automatic reply', bulk: 'Bulk mail' };

export function SenderTrustTags({ senderAuth, automatic, reason }: { senderAuth?: Verdict | null; automatic?: Automatic | null; reason?: string }) {
  return (
    <>
      {senderAuth === 'pass' ? (
        <span className="tag tag--verified" title={reason}>
          Sender verified
        </span>
      ) : senderAuth === 'fail' ? (
        <span className="tag tag--flag" title={reason}>
          Could not verify sender
        </span>
      ) : null}
      {automatic ? <span className="tag tag--automatic">{automaticText[automatic]}</span> : null}
    </>
  );
}
