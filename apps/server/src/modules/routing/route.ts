import type { RoutingAssignee, RoutingConditions, RoutingDecision, RoutingRule } from '@casehub/contract';

/** An inbound message, as routing sees it. */
export type RoutedMessage = { fromAddress: string; subject: string; text: string };

/** A case routing can place a message on. */
export type CaseRef = { id: string; title: string; ownerId: string | null };

/** Who the sender is: their contact (if any) and account, with the tags of both. */
export type Sender = {
  contactId: string | null;
  name: string;
  accountId: string | null;
  accountName: string;
  accountOwnerId: string | null;
  tags: string[];
};

/** What the caller found before asking: the facts routing decides on. */
export type RoutingFacts = {
  /** The case the message was sent or added to (its case address, or an upload onto it). */
  addressed: { case: CaseRef; how: 'case-address' | 'direct' } | null;
  /** The case of the thread the message replies to. */
  thread: CaseRef | null;
  sender: Sender | null;
  /** The open case the sender's contact or account is on, most recently active first. */
  senderCase: CaseRef | null;
  /** Enabled and disabled rules, in order. */
  rules: RoutingRule[];
  /**
   * [issue 13.7] Why the sender failed verification (SPF, DKIM, DMARC), if
   * they did: the From may be forged, so neither its thread, its contact's
   * case nor a rule places the message or names its owner; only its case
   * address does, else it waits in triage with this reason.
   */
  unverified?: string | null;
};

/** The owner a decision asks for; round-robin is turned into a person by the caller. */
export type OwnerClaim = { type: 'user'; userId: string } | { type: 'round-robin'; teamId: string } | null;

export type Routing = {
  caseId: string | null;
  how: RoutingDecision['how'];
  owner: OwnerClaim;
  /** The rule that matched, if one did. */
  rule: { id: string; name: string } | null;
  /** Why the owner is who it is, for the recorded reason. */
  ownerWhy: 'rule' | 'case-owner' | 'account-owner' | null;
  caseTitle: string | null;
  /** Why the sender failed verification, when that kept the message from its thread or contact. */
  unverified?: string | null;
};

const wordChar = /[\p{L}\p{N}]/u;

/** Whole-word (or whole-phrase) match, case-insensitive, for any script. */
export function containsKeyword(haystack: string, keyword: string): boolean {
  const text = haystack.toLocaleLowerCase();
  const needle = keyword.trim().toLocaleLowerCase();
  if (!needle) return false;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) {
    const before = text[at - 1] ?? '';
    const after = text[at + needle.length] ?? '';
    // Scripts written without spaces (Chinese, Japanese, Thai) cannot have word edges; a substring is the match there.
    const spaced = /[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{N}]/u.test(needle);
    if (!spaced || ((!before || !wordChar.test(before)) && (!after || !wordChar.test(after)))) return true;
  }
  return false;
}

const domainOf = (address: string): string => address.slice(address.lastIndexOf('@') + 1).toLowerCase();

/** Whether a message matches every condition of a rule. */
export function matches(conditions: RoutingConditions, message: RoutedMessage, sender: Sender | null): boolean {
  if (conditions.keywords?.length) {
    const text = `${message.subject}\n${message.text}`;
    if (!conditions.keywords.some((k) => containsKeyword(text, k))) return false;
  }
  if (conditions.segment !== undefined) {
    const wanted = conditions.segment.toLocaleLowerCase();
    if (!sender?.tags.some((t) => t.toLocaleLowerCase() === wanted)) return false;
  }
  if (conditions.accountId !== undefined && sender?.accountId !== conditions.accountId) return false;
  if (conditions.senderDomain !== undefined) {
    const domain = domainOf(message.fromAddress);
    if (domain !== conditions.senderDomain && !domain.endsWith(`.${conditions.senderDomain}`)) return false;
  }
  return true;
}

function claimOf(assign: RoutingAssignee, sender: Sender | null): OwnerClaim {
  switch (assign.type) {
    case 'user':
      return { type: 'user', userId: assign.userId };
    case 'round-robin':
      return { type: 'round-robin', teamId: assign.teamId };
    case 'account-owner':
      return sender?.accountOwnerId ? { type: 'user', userId: sender.accountOwnerId } : null;
  }
}

/**
 * Where an inbound message goes and who owns it. Where: its case address (or
 * the case it was added to), else the case of the thread it replies to, else
 * the open case of the sender's contact or account, else the case of the
 * first matching rule that names one, else the triage queue. Who: the first
 * enabled rule that matches (in order), else the case's owner, else the
 * sender's account owner (the other way round when the sender placed it),
 * else nobody.
 */
export function decide(message: RoutedMessage, facts: RoutingFacts): Routing {
  if (facts.unverified) {
    const place = facts.addressed;
    return {
      caseId: place?.case.id ?? null,
      how: place?.how ?? 'triage',
      owner: place?.case.ownerId ? { type: 'user', userId: place.case.ownerId } : null,
      rule: null,
      ownerWhy: place?.case.ownerId ? 'case-owner' : null,
      caseTitle: place?.case.title || null,
      unverified: facts.unverified,
    };
  }
  const matched = facts.rules.filter((r) => r.enabled && matches(r.conditions, message, facts.sender));
  const first = matched[0] ?? null;

  let place: { case: CaseRef; how: Routing['how'] } | null = facts.addressed
    ? facts.addressed
    : facts.thread
      ? { case: facts.thread, how: 'thread' }
      : facts.senderCase
        ? { case: facts.senderCase, how: 'contact' }
        : null;
  let placingRule: RoutingRule | null = null;
  if (!place) {
    placingRule = matched.find((r) => r.action.caseId) ?? null;
    if (placingRule?.action.caseId) place = { case: { id: placingRule.action.caseId, title: '', ownerId: null }, how: 'rule' };
  }

  const ownerRule = first ?? placingRule;
  const ruleClaim = ownerRule ? claimOf(ownerRule.action.assign, facts.sender) : null;
  let owner: OwnerClaim = ruleClaim;
  let ownerWhy: Routing['ownerWhy'] = ruleClaim ? 'rule' : null;
  // Mail placed by its sender goes to whoever owns that relationship: the account owner first.
  const fallbacks: Array<[string | null | undefined, Routing['ownerWhy']]> = [
    [place?.case.ownerId, 'case-owner'],
    [facts.sender?.accountOwnerId, 'account-owner'],
  ];
  if (place?.how === 'contact') fallbacks.reverse();
  for (const [userId, why] of fallbacks) {
    if (owner || !userId) continue;
    owner = { type: 'user', userId };
    ownerWhy = why;
  }
  return {
    caseId: place?.case.id ?? null,
    how: place?.how ?? 'triage',
    owner,
    rule: ownerRule ? { id: ownerRule.id, name: ownerRule.name } : null,
    ownerWhy,
    caseTitle: place?.case.title || null,
  };
}

const placeText: Record<Routing['how'], string> = {
  'case-address': 'sent to the case address',
  direct: 'added to the case',
  thread: 'a reply in a thread of the case',
  contact: "the sender's case",
  rule: 'placed by rule',
  triage: 'no case matched; waiting in triage',
};

/** The sentence recorded on the entry: "Routed to Dana by rule 'EMEA renewals' (a reply in a thread of the case)". */
export function describe(routing: Routing, ownerName: string | null): string {
  const placed = routing.how === 'rule' && routing.rule ? `placed by rule '${routing.rule.name}'` : placeText[routing.how];
  const where = routing.unverified && routing.how === 'triage' ? `sender could not be verified: ${routing.unverified}; waiting in triage` : placed;
  if (!ownerName) return `Not assigned (${where})`;
  const why =
    routing.ownerWhy === 'rule' && routing.rule
      ? ` by rule '${routing.rule.name}'`
      : routing.ownerWhy === 'case-owner'
        ? ' as the case owner'
        : routing.ownerWhy === 'account-owner'
          ? ' as the account owner'
          : '';
  return `Routed to ${ownerName}${why} (${where})`;
}
