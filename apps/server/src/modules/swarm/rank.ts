/**
 * [issue 15.7] Who is best placed to help with a moment of truth, from the
 * workspace's own history. Pure: the repository counts, this weighs and
 * explains. Each count is evidence with a reason a person can check; nobody
 * is suggested on no evidence.
 */
export type SwarmHistory = {
  userId: string;
  name: string;
  /** Other cases of the same account this person owns or is on the team of. */
  accountCases: number;
  /** Other cases where the sender is a stakeholder that this person owns or is on. */
  contactCases: number;
  /** Emails this person sent to the sender's address. */
  repliesToSender: number;
  /** Inbound messages elsewhere in the workspace flagged with a signal this one has, that this person answered. */
  sameSignals: { answered: number; signals: string[] };
  /** This person's own promises (our side) that were kept or missed. */
  promises: { met: number; missed: number };
};

export type SwarmSuggestion = { userId: string; name: string; score: number; reasons: string[] };

/** Fewer kept-or-missed promises than this say nothing about a person. */
export const minPromisesForRate = 3;

export function rankSwarm(history: SwarmHistory[], about: { account: string; sender: string; senderName: string }, limit = 5): SwarmSuggestion[] {
  const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
  const ranked = history.map((h) => {
    const reasons: string[] = [];
    let score = 0;
    if (h.accountCases > 0) {
      score += 3 * Math.min(h.accountCases, 5);
      reasons.push(`Worked on ${plural(h.accountCases, 'other case')} of ${about.account}`);
    }
    if (h.contactCases > 0) {
      score += 3 * Math.min(h.contactCases, 5);
      reasons.push(`On ${plural(h.contactCases, 'other case')} with ${about.senderName || about.sender}`);
    }
    if (h.repliesToSender > 0) {
      score += 2 * Math.min(h.repliesToSender, 5);
      reasons.push(`Wrote to ${about.sender} ${plural(h.repliesToSender, 'time')}`);
    }
    if (h.sameSignals.answered > 0) {
      score += 2 * Math.min(h.sameSignals.answered, 5);
      reasons.push(`Answered ${plural(h.sameSignals.answered, 'message')} with the same signals (${h.sameSignals.signals.slice(0, 3).join(', ')})`);
    }
    const judged = h.promises.met + h.promises.missed;
    // The kept rate only orders people already on the evidence above; alone it suggests nobody.
    if (score > 0 && judged >= minPromisesForRate) {
      const rate = h.promises.met / judged;
      score += 4 * (rate - 0.5);
      reasons.push(`Kept ${h.promises.met} of ${plural(judged, 'promise')} (${Math.round(rate * 100)}%)`);
    }
    return {
      userId: h.userId,
      name: h.name,
      score: Math.round(score * 100) / 100,
      reasons,
      evidence: h.accountCases + h.contactCases + h.repliesToSender + h.sameSignals.answered,
    };
  });
  return ranked
    .filter((r) => r.evidence > 0)
    .sort((a, b) => b.score - a.score || a.name.localeCompare(b.name))
    .slice(0, limit)
    .map(({ evidence: _evidence, ...r }) => r);
}
