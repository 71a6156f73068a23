/** Revoke on a pending invite; the list it sits in runs the call (useSubmit) and shows its failure. */
export function RevokeInviteButton({ email, busy, onRevoke }: { email: string; busy: boolean; onRevoke: () => void }) {
  return (
    <button type="button" className="link-button link-button--danger" aria-label={`Revoke the invite for ${email}`} disabled={busy} onClick={onRevoke}>
      Revoke
    </button>
  );
}
