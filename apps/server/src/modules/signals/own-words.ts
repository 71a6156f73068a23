import EmailReplyParser from 'email-reply-parser';

/**
 * The words a message's sender wrote in it: quoted history (`>` lines,
 * Gmail's "On … wrote:", its French, German, Spanish, Italian, Dutch,
 * Polish, Nordic and Asian variants, "-----Original Message-----") and
 * signatures ("-- ", "Sent from my iPhone", "Regards") taken away by
 * `email-reply-parser` (Crisp's, used on their inbound mail), before a
 * message is scored as a moment of truth (issue 13.7).
 *
 * On top of the library, where it misses a case:
 * - Outlook's header block ("From: Name" then "Sent: …", "Von:" /
 *   "Gesendet:", "De :" / "Envoyé :", …) without an address in angle
 *   brackets, which the library needs to see one: cut from there.
 * - Hostile text: the library's patterns are backtracking regular
 *   expressions (`.+\son.*at.*wrote:` takes 8 s on one line of 24,000
 *   characters; `Op\s[\s\S]+?\n?schreef[\s\S]+:` 10 s on 21,000
 *   characters of many lines), so runs of blanks are collapsed, lines are
 *   cut into pieces of at most `maxLine` characters (each keeping its `>`
 *   prefix), and the library reads the first `window` characters only: past
 *   them, when it found no quote there, `>` lines are dropped as before.
 *   It runs in the parser processes besides (parse-worker.ts), bounded in time.
 */
export const ownWordsLimits = { maxChars: 20_000, maxLine: 200, window: 4_000 };

const headerStart = /^[ \t]*\*?(from|von|de|da|van|fra|från|od|от)[ \t]*:/i;
const headerNext = /^[ \t]*\*?(sent|date|gesendet|datum|envoyé|envoye|date d'envoi|inviato|enviado|verzonden|sendt|skickat|wysłane|отправлено)[ \t]*:/i;

/** Cuts at the first Outlook-style header block: a "From:" line with a "Sent:" line among the next three. */
function cutOutlookHeader(lines: string[]): string[] {
  for (let i = 0; i < lines.length; i++) {
    if (!headerStart.test(lines[i] ?? '')) continue;
    if (lines.slice(i + 1, i + 4).some((l) => headerNext.test(l))) return lines.slice(0, i);
  }
  return lines;
}

function shortLines(line: string, max: number): string[] {
  if (line.length <= max) return [line];
  const prefix = /^(?:>[ >]*)?/.exec(line)?.[0] ?? '';
  const rest = line.slice(prefix.length);
  const step = Math.max(1, max - prefix.length);
  const out: string[] = [];
  for (let i = 0; i < rest.length; i += step) out.push(prefix + rest.slice(i, i + step));
  return out;
}

export function ownWords(text: string, limits = ownWordsLimits): string {
  const lines = text
    .slice(0, limits.maxChars)
    .replace(/\r\n?/g, '\n')
    .split('\n')
    // Blanks collapsed (runs of them are what the library's patterns backtrack over); `-- ` keeps its space.
    .map((l) => (l === '-- ' ? l : l.replace(/[^\S\n]+/g, ' ').trimEnd()));
  const text2 = cutOutlookHeader(lines)
    .flatMap((l) => shortLines(l, limits.maxLine))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n');
  // Cut at a line end, so the library never sees half a line.
  const end = text2.length <= limits.window ? text2.length : Math.max(0, text2.lastIndexOf('\n', limits.window));
  const head = text2.slice(0, end);
  const email = new EmailReplyParser().read(head);
  const visible = email.getVisibleText();
  const cut = email.getFragments().some((f) => f.isQuoted() || f.isSignature());
  if (cut || end === text2.length) return visible.trim();
  const tail = text2
    .slice(end)
    .split('\n')
    .filter((l) => !l.trimStart().startsWith('>'));
  return `${visible}\n${tail.join('\n')}`.trim();
}
