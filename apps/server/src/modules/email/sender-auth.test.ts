import { describe, expect, it } from 'vitest';
import { message, signed, signedDns } from '../../../test/dkim.js';
import { checkSmtpSender, senderAuthFromHeader } from './sender-auth.js';

const envelope = { ip: '198.51.100.7', helo: 'mail.elsewhere.example', mailFrom: 'bounce@elsewhere.example' };
const check = (raw: string, env = envelope) => checkSmtpSender(new TextEncoder().encode(raw), env, { mta: 'casehub.test', resolver: signedDns });

describe('sender verification (SPF, DKIM, DMARC)', () => {
  it('[M8.2] a good DKIM signature of the From domain passes DMARC: verified', async () => {
    const verdict = await check(await signed(message()));
    expect(verdict).toMatchObject({ verdict: 'pass', dkim: 'pass', dmarc: 'pass', via: 'smtp' });
  });

  it('[M8.2] a tampered body breaks the signature: DMARC fails', async () => {
    const raw = (await signed(message())).replace('Hello, all good.', 'Please wire the money to account 12345.');
    const verdict = await check(raw);
    // mailauth's lenient mode calls a body hash mismatch "neutral"; DMARC has no passing signature either way.
    expect(verdict).toMatchObject({ verdict: 'fail', dkim: 'neutral', dmarc: 'fail' });
    expect(verdict.reason).toBe('DMARC failed for customer.example');
  });

  it('[M8.2] no signature from a server SPF does not allow: DMARC fails; from the allowed address it passes', async () => {
    expect(await check(message())).toMatchObject({ verdict: 'fail', dkim: 'none', dmarc: 'fail' });
    const allowed = await check(message(), { ip: '192.0.2.10', helo: 'mx.customer.example', mailFrom: 'anna@customer.example' });
    expect(allowed).toMatchObject({ verdict: 'pass', spf: 'pass', dmarc: 'pass' });
  });

  it('[M8.2] a domain that publishes nothing: nothing to tell', async () => {
    const verdict = await check(message('bob@quiet.example'));
    expect(verdict).toMatchObject({ verdict: 'none', dmarc: null });
  });

  it('[M8.3] an Authentication-Results header is read: the topmost, and only the named authserv-id when one is set', () => {
    const pass =
      'mx.us.example; spf=pass smtp.mailfrom=anna@customer.example; dkim=pass header.d=customer.example header.s=test; dmarc=pass (p=reject) header.from=customer.example';
    expect(senderAuthFromHeader(pass, 'anna@customer.example', null)).toMatchObject({ verdict: 'pass', dmarc: 'pass', via: 'header' });
    expect(senderAuthFromHeader(pass, 'anna@customer.example', 'mx.us.example')?.verdict).toBe('pass');
    // A header someone else wrote (a forger's, or a server on the way) is not believed.
    expect(senderAuthFromHeader(pass, 'anna@customer.example', 'imap.us.example')).toBeNull();
    const fail =
      'mx.us.example;\r\n spf=softfail smtp.mailfrom=elsewhere.example;\r\n dkim=fail (body hash) header.d=customer.example;\r\n dmarc=fail header.from=customer.example';
    expect(senderAuthFromHeader(fail, 'anna@customer.example', null)).toMatchObject({ verdict: 'fail', reason: 'DMARC failed for customer.example' });
    expect(senderAuthFromHeader('mx.us.example; none', 'anna@customer.example', null)).toBeNull();
    expect(senderAuthFromHeader(null, 'anna@customer.example', null)).toBeNull();
    // Garbage is no verdict, never a crash.
    expect(senderAuthFromHeader(';;;=;(((\u0000', 'x', null)).toBeNull();
  });
});
