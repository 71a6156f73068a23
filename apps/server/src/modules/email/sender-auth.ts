import type { AuthenticateResult, DNSResolver } from 'mailauth';
import type { SenderAuth } from '@casehub/contract';

/**
 * Whether a message's sender is who its From says (issue 13.7). `pass`: DMARC
 * passed, or (with no DMARC record) a DKIM signature of the From domain or
 * SPF for it did; `fail`: DMARC failed, or (with no record) the From
 * domain's DKIM signature or SPF failed; `none`: checked, and nothing to
 * tell either way. A message never checked (an upload) has no verdict.
 */
export type { SenderAuth };

export type { DNSResolver };

const word = (s: string | null | undefined): string | null => (s ? s.toLowerCase() : null);
const domainOf = (address: string): string => address.slice(address.lastIndexOf('@') + 1).toLowerCase();
/** Relaxed alignment, simplified: the same domain, or one a parent of the other. */
const aligned = (a: string, b: string): boolean => !!a && !!b && (a === b || a.endsWith(`.${b}`) || b.endsWith(`.${a}`));

function decide(
  fromDomain: string,
  r: { spf: string | null; spfDomain: string; dkim: Array<{ result: string; domain: string }>; dmarc: string | null },
): SenderAuth {
  const ownDkim = r.dkim.filter((d) => aligned(d.domain, fromDomain));
  const dkim = ownDkim.find((d) => d.result === 'pass') ?? ownDkim[0] ?? r.dkim[0];
  const spfAligned = aligned(r.spfDomain, fromDomain);
  const base = { spf: r.spf, dkim: dkim?.result ?? null, dmarc: r.dmarc, via: 'smtp' as const };
  const on = fromDomain || 'the sender';
  if (r.dmarc === 'pass') return { ...base, verdict: 'pass', reason: `DMARC passed for ${on}` };
  if (r.dmarc === 'fail') return { ...base, verdict: 'fail', reason: `DMARC failed for ${on}` };
  if (ownDkim.some((d) => d.result === 'pass')) return { ...base, verdict: 'pass', reason: `DKIM signature of ${on} verified` };
  if (spfAligned && r.spf === 'pass') return { ...base, verdict: 'pass', reason: `SPF passed for ${on}` };
  if (ownDkim.some((d) => d.result === 'fail')) return { ...base, verdict: 'fail', reason: `DKIM signature of ${on} did not verify` };
  if (spfAligned && r.spf === 'fail') return { ...base, verdict: 'fail', reason: `SPF failed for ${on}: the sending server may not send its mail` };
  return { ...base, verdict: 'none', reason: `No SPF, DKIM or DMARC result vouches for ${on}` };
}

export type SmtpEnvelope = { ip: string; helo: string; mailFrom: string };

/** Checks mail arriving at our SMTP server, with the connection's facts; `resolver` answers DNS (tests pass their own). */
export async function checkSmtpSender(raw: Uint8Array, envelope: SmtpEnvelope, opts: { mta: string; resolver?: DNSResolver | undefined }): Promise<SenderAuth> {
  // Loaded on the first message: evaluating mailauth costs most of a second of CPU at every start.
  const { authenticate } = await import('mailauth');
  const result: AuthenticateResult = await authenticate(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength), {
    ip: envelope.ip,
    helo: envelope.helo,
    sender: envelope.mailFrom,
    mta: opts.mta,
    disableArc: true,
    disableBimi: true,
    ...(opts.resolver && { resolver: opts.resolver }),
  });
  const fromDomain = domainOf(result.dkim.headerFrom?.[0] ?? '');
  const spf = result.spf ? word(result.spf.status.result) : null;
  const spfDomain = result.spf ? (result.spf.domain ?? domainOf(envelope.mailFrom)) : '';
  const dkim = result.dkim.results.map((d) => ({ result: word(d.status.result) ?? 'none', domain: (d.signingDomain ?? '').toLowerCase() }));
  const dmarc = result.dmarc ? word(result.dmarc.status.result) : null;
  return decide(fromDomain, { spf, spfDomain, dkim, dmarc: dmarc === 'none' ? null : dmarc });
}

/**
 * Reads the verdict the receiving server wrote (mail fetched over IMAP): the
 * topmost Authentication-Results header only, as any lower one may have come
 * with the message; with `authservId` set, only a header that names it.
 * Null when there is none to trust.
 */
export function senderAuthFromHeader(value: string | null, fromAddress: string, authservId: string | null): SenderAuth | null {
  if (!value) return null;
  const text = value.replace(/\r?\n[ \t]+/g, ' ').replace(/\([^()]*\)/g, ' ');
  const [id = '', ...parts] = text.split(';');
  const servId = id.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  if (authservId && servId !== authservId.toLowerCase()) return null;
  const methods = parts.map((p) => {
    const m = /^\s*([a-z0-9-]+)\s*=\s*([a-z]+)(.*)$/i.exec(p);
    const props = Object.fromEntries([...(m?.[3] ?? '').matchAll(/([a-z]+\.[a-z-]+)\s*=\s*"?([^\s";]+)"?/gi)].map((x) => [x[1]?.toLowerCase(), x[2] ?? '']));
    return { method: m?.[1]?.toLowerCase() ?? '', result: m?.[2]?.toLowerCase() ?? '', props };
  });
  const fromDomain = domainOf(fromAddress);
  const spf = methods.find((m) => m.method === 'spf');
  const dmarc = methods.find((m) => m.method === 'dmarc');
  const dkim = methods
    .filter((m) => m.method === 'dkim')
    .map((m) => ({ result: m.result, domain: (m.props['header.d'] ?? domainOf(m.props['header.i'] ?? '')).toLowerCase() }));
  if (!spf && !dmarc && dkim.length === 0) return null;
  const spfFrom = spf?.props['smtp.mailfrom'] ?? '';
  const verdict = decide(fromDomain, {
    spf: spf?.result ?? null,
    spfDomain: spfFrom.includes('@') ? domainOf(spfFrom) : spfFrom.toLowerCase(),
    dkim,
    dmarc: dmarc && dmarc.result !== 'none' ? dmarc.result : null,
  });
  return { ...verdict, via: 'header' };
}
