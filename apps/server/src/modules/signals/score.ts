import type Sentiment from 'sentiment';
import { lazy } from '../../lib/lazy.js';

/**
 * Moments of truth: scores an inbound message for negative sentiment and
 * urgency, deterministically, with the words that drove the score.
 *
 * Sentiment is AFINN-165 (the `sentiment` package): each word has a valence
 * from -5 to +5, with negation handled. Urgency is a small lexicon of our own
 * (deadlines, escalation, leaving, legal, public complaint), plus shouting
 * (exclamation marks, words in capitals). The two combine into 0–100.
 */
let analyzer: Sentiment | undefined;
const sentiment = lazy<typeof Sentiment>('sentiment');

const urgencyTerms: Array<[RegExp, string, number]> = [
  [/\burgent(ly)?\b/i, 'urgent', 14],
  [/\basap\b|\bas soon as possible\b/i, 'asap', 12],
  [/\bimmediately\b|\bright now\b|\bright away\b/i, 'immediately', 12],
  [/\b(today|tonight|by end of (the )?day|eod)\b/i, 'today', 6],
  [/\bdeadline\b|\boverdue\b|\blate again\b/i, 'deadline', 8],
  [/\b(still|again) (not|no|waiting|broken|down)\b|\bstill waiting\b/i, 'still waiting', 12],
  [/\b(outage|down for|is down|not working|broken|crash(es|ed)?)\b/i, 'outage', 12],
  [/\bescalat(e|ion|ing)\b|\bmanager\b|\bsupervisor\b/i, 'escalate', 12],
  [/\bcancel(l?ing|l?ed|lation)?\b|\bterminate\b|\bswitch(ing)? to\b|\bcompetitor\b/i, 'cancel', 16],
  [/\brefund\b|\bchargeback\b|\bmoney back\b/i, 'refund', 12],
  [/\blawyer\b|\blegal action\b|\bsue\b|\bcourt\b|\battorney\b/i, 'legal', 20],
  [/\b(twitter|social media|review|post (this|about))\b|\bgo public\b/i, 'public', 10],
  [/\bunacceptable\b|\bridiculous\b|\boutrageous\b|\bworst\b|\bfed up\b|\bdisgust(ed|ing)\b/i, 'unacceptable', 16],
  [/\blast (chance|time)\b|\bfinal warning\b/i, 'last chance', 14],
  [/\bruin(ed|ing|s)?\b|\bwast(ed|ing) (our|my) time\b/i, 'ruined', 12],
  // A few cues in the languages customers most often write in besides English.
  [/\b(inacceptable|inakzeptabel|inaceptable|inaccettabile|unannehmbar|inadmissible)\b/i, 'unacceptable', 16],
  [/\b(dringend|urgente|urgence|sofort|imm[ée]diatement|inmediatamente|subito)\b/i, 'urgent', 14],
  [/\b(annuler|k[üu]ndigen|cancelar|disdire|rembourser|reembolso)\b/i, 'cancel', 16],
];

/** Praise that means its opposite: "oh great, another outage". */
const sarcasm =
  /\b(oh|just|yeah|really|so|how) (great|wonderful|fantastic|perfect|brilliant|lovely|nice)\b|\bthanks (so much |a lot )?for (ruining|nothing|wasting)\b/i;

export type MessageScore = {
  /** 0 (calm) to 100 (a fire starting). */
  score: number;
  /** AFINN comparative score per word; negative is unhappy. */
  sentiment: number;
  urgency: number;
  /** The words and cues that drove the score, most important first. */
  signals: string[];
  flagged: boolean;
};

/** A score at or above this flags the message. */
export const momentOfTruthThreshold = 50;

/** A reply's or a forward's subject ("Re: …", "AW: …", "TR: …") is the thread's, not this message's words. */
const inherited = /^\s*(re|aw|sv|antw|vs|ref|réf|rif|r|fw|fwd|wg|tr|enc|rv)\s*(\[\d+\])?\s*:/i;

/**
 * `text` should be the sender's own words (own-words.ts: quoted history and
 * signature taken away, as the parser processes store it in `own_text`);
 * `>` lines and a signature after `-- ` are dropped here too, for mail
 * stored before that.
 */
export function scoreMessage(input: { subject: string; text: string }, threshold = momentOfTruthThreshold): MessageScore {
  const own =
    input.text
      .split(/\r?\n/)
      .filter((line) => !line.trimStart().startsWith('>'))
      .join('\n')
      .split(/\n-- ?\n/)[0]
      ?.slice(0, 20_000) ?? '';
  const text = `${inherited.test(input.subject) ? '' : input.subject}\n${own}`;
  const result = (analyzer ??= new (sentiment())()).analyze(text);
  const ironic = sarcasm.test(text);
  // Sarcastic praise counts against, not for.
  const negative = [...new Set(ironic ? [...result.negative, ...result.positive] : result.negative)];
  const valence = ironic ? -Math.abs(result.comparative) : result.comparative;
  // Comparative is score per word; scale so a clearly unhappy message (-0.3) counts fully.
  const negativity = Math.min(1, Math.max(0, -valence / 0.3)) * 45 + Math.min(15, negative.length * 3);

  const urgencyHits = urgencyTerms.filter(([pattern]) => pattern.test(text));
  const exclamations = (text.match(/!/g) ?? []).length;
  const shouted = (text.match(/\b[A-Z]{4,}\b/g) ?? []).filter((w) => !/^(HTTP|HTML|JSON|PDF|ASAP|CEO|CTO|API|URL|EMEA|APAC|USD|EUR|GBP)$/.test(w));
  let urgency = urgencyHits.reduce((sum, [, , weight]) => sum + weight, 0) + (ironic ? 18 : 0);
  if (exclamations >= 2) urgency += Math.min(10, exclamations * 2);
  if (shouted.length >= 2) urgency += Math.min(10, shouted.length * 2);
  urgency = Math.min(60, urgency);

  const score = Math.round(Math.min(100, negativity + urgency));
  const signals = [
    ...(ironic ? ['sarcasm'] : []),
    ...new Set(urgencyHits.sort((a, b) => b[2] - a[2]).map(([, label]) => label)),
    ...negative.slice(0, 8),
    ...(exclamations >= 2 ? [`${exclamations} exclamation marks`] : []),
    ...(shouted.length >= 2 ? ['shouting'] : []),
  ].slice(0, 12);
  return { score, sentiment: Number(result.comparative.toFixed(3)), urgency, signals, flagged: score >= threshold };
}
