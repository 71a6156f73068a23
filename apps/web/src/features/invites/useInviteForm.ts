import { useState, type FormEvent } from 'react';
import { emailSchema, type InviteCreateResponse } from '@casehub/contract';
import { errorMessage } from '../../lib/api';

/**
 * The state of an invite dialog (a colleague to the workspace, a guest to a
 * case): the address checked before anything is sent, the server's refusal
 * shown in the form, and the created invite whose link the dialog shows.
 */
export function useInviteForm(create: (email: string) => Promise<InviteCreateResponse>) {
  const [email, setEmail] = useState('');
  const [emailError, setEmailError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [invite, setInvite] = useState<InviteCreateResponse | null>(null);

  async function send(address: string): Promise<void> {
    setBusy(true);
    try {
      setInvite(await create(address));
    } catch (err) {
      setFormError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  function submit(e: FormEvent): void {
    e.preventDefault();
    setFormError(null);
    const parsed = emailSchema.safeParse(email);
    if (!parsed.success) {
      setEmailError(parsed.error.issues[0]?.message ?? 'must be an email address');
      return;
    }
    setEmailError(undefined);
    // send() shows its own failure in the form; nothing is left to reject.
    void send(parsed.data);
  }

  /** Back to an empty form for the next invite. */
  function again(): void {
    setInvite(null);
    setEmail('');
  }

  return { email, setEmail, emailError, formError, busy, invite, submit, again };
}
