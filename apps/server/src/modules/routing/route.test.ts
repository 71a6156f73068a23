import { readFileSync } from 'node:fs';
import type { RoutingRule } from '@casehub/contract';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { emailCorpusDir } from '../../../test/corpus.js';
import { containsKeyword, decide, describe as explain, matches, type RoutedMessage, type RoutingFacts, type Sender } from './route.js';

const rule = (id: string, name: string, conditions: RoutingRule['conditions'], action: Partial<RoutingRule['action']> = {}, enabled = true): RoutingRule => ({
  id,
  name,
  position: 0,
  enabled,
  conditions,
  action: { assign: { type: 'user', userId: `u-${id}` }, caseId: null, ...action },
});

const acme: Sender = { contactId: 'c1', name: 'Ada', accountId: 'a1', accountName: 'Acme', accountOwnerId: 'owner-acme', tags: ['emea', 'Enterprise'] };
const caseA = { id: 'case-a', title: 'Acme renewal', ownerId: 'owner-a' };
const caseB = { id: 'case-b', title: 'Thread case', ownerId: null };
const none: RoutingFacts = { addressed: null, thread: null, sender: null, senderCase: null, rules: [] };
const msg = (subject: string, text = '', fromAddress = 'ada@acme.example'): RoutedMessage => ({ subject, text, fromAddress });

/** Real messages from the corpus, as the parser gives them to routing. */
async function corpus(name: string): Promise<RoutedMessage> {
  const parsed = await simpleParser(readFileSync(`${emailCorpusDir}/${name}`));
  return { subject: parsed.subject ?? '', text: parsed.text ?? '', fromAddress: parsed.from?.value[0]?.address ?? '' };
}

describe('containsKeyword', () => {
  it.each([
    ['Please process the refund', 'refund', true],
    ['REFUND NOW', 'refund', true],
    ['refunded yesterday', 'refund', false],
    ['no prefund here', 'refund', false],
    ['contract renewal for 2027', 'contract renewal', true],
    ['Rechnung Anwältin', 'anwältin', true],
    ['日本語メールテスト', 'メール', true],
    ['Счёт на оплату', 'счёт', true],
    ['anything', '   ', false],
  ])('%s / %s', (text, keyword, expected) => expect(containsKeyword(text, keyword)).toBe(expected));
});

describe('matches', () => {
  it('needs every condition given, and an empty rule matches everything', () => {
    expect(matches({}, msg('hi'), null)).toBe(true);
    expect(matches({ keywords: ['outage'], segment: 'emea' }, msg('Outage in Paris'), acme)).toBe(true);
    expect(matches({ keywords: ['outage'], segment: 'apac' }, msg('Outage in Paris'), acme)).toBe(false);
    expect(matches({ segment: 'enterprise' }, msg('x'), acme)).toBe(true);
    expect(matches({ segment: 'emea' }, msg('x'), null)).toBe(false);
    expect(matches({ accountId: 'a1' }, msg('x'), acme)).toBe(true);
    expect(matches({ accountId: 'a2' }, msg('x'), acme)).toBe(false);
    expect(matches({ senderDomain: 'acme.example' }, msg('x', '', 'bob@eu.acme.example'), null)).toBe(true);
    expect(matches({ senderDomain: 'acme.example' }, msg('x', '', 'bob@notacme.example'), null)).toBe(false);
  });
});

describe('decide', () => {
  it('[R1.1] [R1.2] a case address wins, and the case owner owns it', () => {
    const r = decide(msg('hello'), { ...none, addressed: { case: caseA, how: 'case-address' }, thread: caseB, senderCase: caseB });
    expect(r).toMatchObject({ caseId: 'case-a', how: 'case-address', owner: { type: 'user', userId: 'owner-a' }, ownerWhy: 'case-owner', rule: null });
    expect(explain(r, 'Dana')).toBe('Routed to Dana as the case owner (sent to the case address)');
  });

  it('[R1.1] an existing thread comes next', () => {
    const r = decide(msg('Re: quote'), { ...none, thread: caseB, senderCase: caseA });
    expect(r).toMatchObject({ caseId: 'case-b', how: 'thread', owner: null });
    expect(explain(r, null)).toBe('Not assigned (a reply in a thread of the case)');
  });

  it("[R1.1] [R1.2] then the sender's contact, to their open case, owned by the account owner before the case owner", () => {
    const r = decide(msg('New question'), { ...none, sender: acme, senderCase: caseA });
    expect(r).toMatchObject({ caseId: 'case-a', how: 'contact', owner: { type: 'user', userId: 'owner-acme' }, ownerWhy: 'account-owner' });
    expect(explain(r, 'Sam')).toBe("Routed to Sam as the account owner (the sender's case)");
  });

  it('[R1.2] a case owner comes before the account owner when the message was addressed to the case', () => {
    const r = decide(msg('x'), { ...none, addressed: { case: caseA, how: 'direct' }, sender: acme });
    expect(r).toMatchObject({ owner: { userId: 'owner-a' }, ownerWhy: 'case-owner' });
    expect(decide(msg('x'), { ...none, addressed: { case: { ...caseA, ownerId: null }, how: 'direct' }, sender: acme })).toMatchObject({
      owner: { userId: 'owner-acme' },
      ownerWhy: 'account-owner',
    });
  });

  it('[R1.2] a matching rule decides the owner, the first in order that matches, skipping disabled ones', () => {
    const rules = [
      rule('off', 'Disabled', {}, {}, false),
      rule('kw', 'Refunds to billing', { keywords: ['refund'] }, { assign: { type: 'round-robin', teamId: 'billing' } }),
      rule('emea', 'EMEA renewals', { segment: 'emea' }),
    ];
    const refund = decide(msg('Refund please'), { ...none, addressed: { case: caseA, how: 'case-address' }, sender: acme, rules });
    expect(refund).toMatchObject({ caseId: 'case-a', owner: { type: 'round-robin', teamId: 'billing' }, rule: { id: 'kw' }, ownerWhy: 'rule' });
    const renewal = decide(msg('Renewal'), { ...none, sender: acme, rules });
    expect(renewal).toMatchObject({ caseId: null, how: 'triage', owner: { type: 'user', userId: 'u-emea' }, rule: { name: 'EMEA renewals' } });
    expect(explain(renewal, 'Dana')).toBe("Routed to Dana by rule 'EMEA renewals' (no case matched; waiting in triage)");
  });

  it('[R1.1] a rule can place a message nothing else placed', () => {
    const rules = [rule('kw', 'Outages', { keywords: ['outage', 'down'] }, { caseId: 'case-outages' })];
    const r = decide(msg('Site is down'), { ...none, rules });
    expect(r).toMatchObject({ caseId: 'case-outages', how: 'rule', rule: { name: 'Outages' } });
    expect(explain(r, 'Lee')).toBe("Routed to Lee by rule 'Outages' (placed by rule 'Outages')");
    // It does not move a message its address already placed.
    expect(decide(msg('Site is down'), { ...none, addressed: { case: caseA, how: 'direct' }, rules }).caseId).toBe('case-a');
  });

  it('account-owner assignment falls through to nobody for an unknown sender', () => {
    const rules = [rule('ao', 'To the account owner', {}, { assign: { type: 'account-owner' } })];
    expect(decide(msg('x'), { ...none, rules }).owner).toBeNull();
    expect(decide(msg('x'), { ...none, sender: acme, rules }).owner).toEqual({ type: 'user', userId: 'owner-acme' });
  });

  it('[R1.1] nothing known: triage, nobody', () => {
    expect(decide(msg('x'), none)).toMatchObject({ caseId: null, how: 'triage', owner: null, rule: null });
  });
});

describe('real messages from the corpus', () => {
  const rules = [
    rule('bounce', 'Bounces to ops', { keywords: ['undeliverable', 'delivery status notification'] }),
    rule('jp', 'Japan desk', { keywords: ['日本語'] }),
    rule('invoice', 'Invoices', { keywords: ['invoice', 'rechnung'] }),
    rule('de', 'German-speaking senders', { senderDomain: 'yahoo.de' }),
  ];
  it.each([
    ['flanker-office365-bounce.eml', 'bounce'],
    ['mimekit-iso-2022-jp.eml', 'jp'],
    ['phpmimemailparser-hebrew-subject.eml', 'invoice'],
    ['thunderbird-yahoo-8bit-subject.eml', 'invoice'],
    ['enmime-mandrill-notification.eml', null],
    ['thunderbird-outlook-invite.eml', null],
  ])('%s → %s', async (file, ruleId) => {
    const r = decide(await corpus(file), { ...none, rules });
    expect(r.rule?.id ?? null).toBe(ruleId);
  });
});
