/**
 * Mail no person wrote (issue 13.8): a bounce (a delivery report), an
 * automatic reply (out of office, vacation, read receipts, feedback
 * reports) or bulk mail (newsletters, lists). Such a message is marked on
 * its row and stream entry, starts no first-response clock and is never
 * scored as a moment of truth: it is not a customer's words.
 */
export const automaticKinds = ['bounce', 'auto-reply', 'bulk'] as const;
export type AutomaticKind = (typeof automaticKinds)[number];

export type HeaderLine = { key: string; line: string };

/** The value of each `key` header, unfolded ("Key: value" lines as mailparser keeps them). */
function values(headers: readonly HeaderLine[], key: string): string[] {
  return headers
    .filter((h) => h.key.toLowerCase() === key)
    .map((h) =>
      h.line
        .slice(h.line.indexOf(':') + 1)
        .replace(/\r?\n[ \t]+/g, ' ')
        .trim()
        .toLowerCase(),
    );
}

/** Subjects only a mail server writes (a person's "Absence next week" is not one). */
const outOfOffice =
  /^\s*(auto(matic)?[ -]?(reply|response)|autoreply|out of (the )?office\b|abwesenheitsnotiz|automatische antwort|r[ée]ponse automatique|absence du bureau|respuesta autom[áa]tica|fuera de la oficina|risposta automatica|automatisch antwoord)/i;

export function automaticKind(headers: readonly HeaderLine[], subject: string, fromAddress: string): AutomaticKind | null {
  const contentType = values(headers, 'content-type')[0] ?? '';
  if (/^multipart\/report\b/.test(contentType)) return /report-type\s*=\s*"?delivery-status/.test(contentType) ? 'bounce' : 'auto-reply';
  // Delivery failures some servers send without a report part.
  if (/^(mailer-daemon|postmaster)@/i.test(fromAddress) && /undeliver|delivery|failure|returned|fail/i.test(subject)) return 'bounce';
  const submitted = values(headers, 'auto-submitted')[0];
  if (submitted && !/^no\b/.test(submitted)) return 'auto-reply';
  if (values(headers, 'x-autoreply').length > 0 || values(headers, 'x-autorespond').length > 0) return 'auto-reply';
  if (outOfOffice.test(subject.replace(/^\s*(re|aw|sv|fw|fwd|wg|tr)\s*:\s*/i, ''))) return 'auto-reply';
  const precedence = values(headers, 'precedence')[0];
  if (precedence && /^(bulk|junk|list|auto_reply)\b/.test(precedence)) return precedence.startsWith('auto') ? 'auto-reply' : 'bulk';
  return null;
}
