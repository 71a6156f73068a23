import { errorMessage } from '../../lib/api';
import { peopleApi } from '../../lib/peopleApi';

/** Revokes a pending invite; reports success or the server's refusal to the list it sits in. */
export function RevokeInviteButton({
  id,
  email,
  onRevoked,
  onError,
}: {
  id: string;
  email: string;
  onRevoked: () => void;
  onError: (message: string | null) => void;
}) {
  return (
    <button
      type="button"
      className="link-button link-button--danger"
      aria-label={`Revoke the invite for ${email}`}
      onClick={async () => {
        onError(null);
        try {
          await peopleApi.revokeInvite(id);
          onRevoked();
        } catch (err) {
          onError(errorMessage(err));
        }
      }}
    >
      Revoke
    </button>
  );
}
