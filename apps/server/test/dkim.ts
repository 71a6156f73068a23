import { generateKeyPairSync } from 'node:crypto';
import { dkimSign } from 'mailauth';
import type { DNSResolver } from '../src/modules/email/sender-auth.js';

/**
 * Mail authentication without the network (issue 13.7): a DKIM key made for
 * the test run, DNS answered from a table (SPF, the DKIM key, DMARC p=reject
 * for customer.example), and messages signed with the key.
 */
export function testDns(records: Record<string, string>): DNSResolver {
  return async (name, type) => {
    const found = records[`${type} ${name.toLowerCase()}`];
    if (found === undefined) throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
    return type === 'TXT' ? [[found]] : [found];
  };
}

export const dkimKey = (() => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const spki = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  return { privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), record: `v=DKIM1; k=rsa; p=${spki}` };
})();

export const signedDns = testDns({
  'TXT test._domainkey.customer.example': dkimKey.record,
  'TXT _dmarc.customer.example': 'v=DMARC1; p=reject',
  'TXT customer.example': 'v=spf1 ip4:192.0.2.10 -all',
});

export const message = (from = 'anna@customer.example', body = 'Hello, all good.', o: { to?: string; id?: string; inReplyTo?: string } = {}) =>
  [
    `From: Anna <${from}>`,
    `To: ${o.to ?? 'support@us.example'}`,
    'Subject: Checked',
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: ${o.id ?? `<${Math.random().toString(36).slice(2)}@customer.example>`}`,
    ...(o.inReplyTo ? [`In-Reply-To: ${o.inReplyTo}`, `References: ${o.inReplyTo}`] : []),
    '',
    body,
    '',
  ].join('\r\n');

export async function signed(raw: string): Promise<string> {
  const { signatures } = await dkimSign(raw, {
    // Without a fixed time mailauth 4.13 reads the clock twice, once for the signed copy of the
    // DKIM-Signature header and once for the one it writes, each rounded to the second: across a
    // half-second boundary t= differs and the signature does not verify (about 1 in 1,000 signatures;
    // a full run failed on it).
    signTime: new Date(),
    signingDomain: 'customer.example',
    selector: 'test',
    privateKey: dkimKey.privateKey,
    signatureData: [{ signingDomain: 'customer.example', selector: 'test', privateKey: dkimKey.privateKey }],
  });
  return signatures + raw;
}
