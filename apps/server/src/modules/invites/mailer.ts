import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';

/**
 * Sends an invite link by email when outbound SMTP is configured. Sent once,
 * at creation, and not queued: the job table would otherwise hold the secret
 * link in clear, and the inviter always gets the link to pass on themselves.
 */
export function createInviteMailer(opts: { smtpUrl: string | undefined; mailDomain: string; log: Logger }) {
  let transport: Transporter | undefined;
  return {
    async send(invite: { email: string; url: string; inviterName: string; workspaceName: string; caseTitle: string | null }): Promise<'sent' | 'not-configured' | 'failed'> {
      if (!opts.smtpUrl) return 'not-configured';
      transport ??= nodemailer.createTransport({ url: opts.smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 });
      const what = invite.caseTitle ? `the case "${invite.caseTitle}"` : `the ${invite.workspaceName} workspace`;
      try {
        await transport.sendMail({
          from: { name: `${invite.inviterName} via Casehub`, address: `no-reply@${opts.mailDomain}` },
          to: invite.email,
          subject: `${invite.inviterName} invited you to ${what}`,
          text: `${invite.inviterName} invited you to ${what} on Casehub.\n\nOpen this link to join (it works once and expires in 7 days):\n${invite.url}\n`,
        });
        return 'sent';
      } catch (err) {
        opts.log.warn({ err, to: invite.email }, 'invite email could not be sent');
        return 'failed';
      }
    },
  };
}
