import { useState, type FormEvent } from 'react';
import { emailSchema, type InviteCreateResponse } from '@casehub/contract';
import { useSubmit } from '../../lib/useSubmit';

/**
 * The state of an invite dialog (a colleague to the workspace, a guest to a
 * case): the address checked before anything is sent, the server's refusal
 * shown in the form, and the created invite whose link the dialog shows.
 */
export function useInviteForm(create: (email: string) => Promise<InviteCreateResponse>) {
  const [email, setEmail] = useState('');
  const [emailError, setEmailError] = useState<string | undefined>();
  const [invite, setInvite] = useState<InviteCreateResponse | null>(null);
  const sending = useSubmit(async (address: string) => setInvite(await create(address)));

  function submit(e: FormEvent): void {
    e.preventDefault();
    const parsed = emailSchema.safeParse(email);
    if (!parsed.success) {
      setEmailError(parsed.error.issues[0]?.message ?? 'must be an email address');
      return;
    }
    setEmailError(undefined);
    void sending.run(parsed.data);
  }

  /** Back to an empty form for the next invite. */
  function again(): void {
    setInvite(null);
    setEmail('');
  }

  return { email, setEmail, emailError, formError: sending.error, busy: sending.busy, invite, submit, again };
}
