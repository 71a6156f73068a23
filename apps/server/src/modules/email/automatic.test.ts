import { readFileSync } from 'node:fs';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { emailCorpusDir } from '../../../test/corpus.js';
import { automaticKind } from './automatic.js';

async function kindOf(raw: string | Buffer) {
  const mail = await simpleParser(raw);
  const from = mail.from?.value[0]?.address ?? '';
  return automaticKind(mail.headerLines, mail.subject ?? '', from);
}

const plain = (headers: string[], subject = 'Question about the invoice') =>
  [`From: Anna <anna@customer.example>`, 'To: support@us.example', `Subject: ${subject}`, ...headers, '', 'Hello', ''].join('\r\n');

describe('mail no person wrote', () => {
  it('[M8.6] real delivery reports of the corpus are bounces; read receipts and abuse reports automatic', async () => {
    for (const name of ['postalmime-bounce.eml', 'mailparser-delivery-status.eml', 'flanker-office365-bounce.eml', 'enmime-dsn-multi-recipient.eml']) {
      expect(await kindOf(readFileSync(`${emailCorpusDir}/${name}`)), name).toBe('bounce');
    }
    for (const name of ['flanker-disposition-notification.eml', 'postalmime-arf-feedback.eml']) {
      expect(await kindOf(readFileSync(`${emailCorpusDir}/${name}`)), name).toBe('auto-reply');
    }
    for (const name of ['enmime-qp-encoded-word-headers.eml', 'thunderbird-outlook-invite.eml', 'mailparser-nested.eml', 'flanker-attached-pdf.eml']) {
      expect(await kindOf(readFileSync(`${emailCorpusDir}/${name}`)), name).toBeNull();
    }
  });

  it('[M8.6] Auto-Submitted (other than no), X-Autoreply, X-Autorespond, Precedence and out-of-office subjects', async () => {
    expect(await kindOf(plain(['Auto-Submitted: auto-replied']))).toBe('auto-reply');
    expect(await kindOf(plain(['Auto-Submitted: no']))).toBeNull();
    expect(await kindOf(plain(['X-Autoreply: yes']))).toBe('auto-reply');
    expect(await kindOf(plain(['X-Autorespond: vacation']))).toBe('auto-reply');
    expect(await kindOf(plain(['Precedence: bulk']))).toBe('bulk');
    expect(await kindOf(plain(['Precedence: junk']))).toBe('bulk');
    expect(await kindOf(plain(['Precedence: list']))).toBe('bulk');
    expect(await kindOf(plain([], 'Automatic reply: Outage'))).toBe('auto-reply');
    expect(await kindOf(plain([], 'Out of Office: back on Monday'))).toBe('auto-reply');
    expect(await kindOf(plain([], 'Automatische Antwort: Ihre Anfrage'))).toBe('auto-reply');
    expect(await kindOf(plain([], 'Réponse automatique : Panne'))).toBe('auto-reply');
    // A person's words about being away are a person's words.
    expect(await kindOf(plain([], 'Absence next week, who covers?'))).toBeNull();
    expect(await kindOf(plain([], 'Re: out of stock again'))).toBeNull();
  });
});
