import type { Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import { nodemailer } from './lazy-mail.js';

export type SystemMail = { to: string; subject: string; text: string; fromName?: string };
export type SystemMailResult = 'sent' | 'not-configured' | 'failed';
export type SystemMailer = { readonly configured: boolean; send(mail: SystemMail): Promise<SystemMailResult> };

/**
 * The server's own mail (invite links, password reset links) over
 * SMTP_URL, from no-reply@MAIL_DOMAIN. Sent at once and not queued: the job
 * table would otherwise hold secret links in clear. A failure is logged and
 * reported, never thrown.
 */
export function createSystemMailer(opts: { smtpUrl: string | undefined; mailDomain: string; log: Logger }): SystemMailer {
  let transport: Transporter | undefined;
  return {
    configured: opts.smtpUrl !== undefined,
    async send(mail: SystemMail): Promise<SystemMailResult> {
      if (!opts.smtpUrl) return 'not-configured';
      transport ??= nodemailer().createTransport({ url: opts.smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 });
      try {
        await transport.sendMail({
          from: { name: mail.fromName ?? 'Casehub', address: `no-reply@${opts.mailDomain}` },
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
        });
        return 'sent';
      } catch (err) {
        opts.log.warn({ err, to: mail.to, subject: mail.subject }, 'system email could not be sent');
        return 'failed';
      }
    },
  };
}
