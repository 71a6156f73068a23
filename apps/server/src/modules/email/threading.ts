import { normalizeAddress } from './address.js';

/** An email already stored that the new one refers to, with who took part in its thread. */
export type ThreadCandidate = {
  emailId: string;
  messageId: string;
  threadId: string;
  caseId: string | null;
  /** Every address in from/to/cc of every email of that thread. */
  participants: Set<string>;
};

export type ThreadDecision = { threadId: string; joined: ThreadCandidate } | null;

/** The key two copies of one message share; Message-IDs are compared without case. */
export const normalizeMessageId = (id: string): string => id.trim().replace(/^<|>$/g, '').toLowerCase();

/**
 * The ids a message points back at, nearest first: In-Reply-To, then
 * References from the last (the direct parent) to the first (the root).
 */
export function referencedIds(message: { inReplyTo: string | null; references: string[] }): string[] {
  const ordered = [message.inReplyTo, ...[...message.references].reverse()].filter((id): id is string => Boolean(id));
  return [...new Set(ordered.map(normalizeMessageId))];
}

/**
 * Picks the thread a message joins, or null for a new thread.
 *
 * Headers alone are not enough: anyone who ever received one of our messages
 * (a newsletter, a forwarded quote) can copy its Message-ID into In-Reply-To
 * and land in the conversation. So a message joins a referenced thread only
 * if its sender already took part in that thread: their address is in the
 * From, To or Cc of one of its emails. A stranger's reply starts a thread of
 * its own (and still reaches the case, where people see it).
 *
 * The subject is deliberately ignored: a changed subject stays in the thread,
 * and a "Fwd:" or "Re:" with no threading headers starts a new one.
 */
export function chooseThread(message: { inReplyTo: string | null; references: string[]; fromAddress: string }, candidates: ThreadCandidate[]): ThreadDecision {
  const sender = normalizeAddress(message.fromAddress);
  if (sender === '') return null;
  for (const id of referencedIds(message)) {
    const match = candidates.find((c) => normalizeMessageId(c.messageId) === id);
    if (match && match.participants.has(sender)) return { threadId: match.threadId, joined: match };
  }
  return null;
}

/** Addresses that took part in a set of emails, normalised. */
export function participantsOf(rows: Array<{ fromAddress: string; to: Array<{ address: string }>; cc: Array<{ address: string }> }>): Set<string> {
  const out = new Set<string>();
  for (const row of rows) {
    for (const address of [row.fromAddress, ...row.to.map((a) => a.address), ...row.cc.map((a) => a.address)]) {
      if (address) out.add(normalizeAddress(address));
    }
  }
  return out;
}
