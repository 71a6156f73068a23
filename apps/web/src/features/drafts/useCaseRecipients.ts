import { contactsApi } from '../contacts/contactsApi';
import { useApi } from '../../lib/useApi';
import type { Recipient } from './RecipientsInput';

/** Whom an email from the case is likely for: the case's stakeholders, each address once (members only). */
export function useCaseRecipients(caseId: string): Recipient[] {
  const stakeholders = useApi(`stakeholders:${caseId}`, (signal) => contactsApi.stakeholders(caseId, signal));
  return (stakeholders.data ?? []).flatMap((s) =>
    s.emails.map((address) => ({ name: s.name, address, hint: [s.title, s.accountName].filter(Boolean).join(', ') || undefined })),
  ) as Recipient[];
}
