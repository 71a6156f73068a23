import type { SystemMailer, SystemMailResult } from '../../lib/system-mail.js';

/** Sends an invite link by email when outbound SMTP is configured; the inviter always gets the link to pass on themselves. */
export function createInviteMailer(mailer: SystemMailer) {
  return {
    send(invite: { email: string; url: string; inviterName: string; workspaceName: string; caseTitle: string | null }): Promise<SystemMailResult> {
      const what = invite.caseTitle ? `the case "${invite.caseTitle}"` : `the ${invite.workspaceName} workspace`;
      return mailer.send({
        fromName: `${invite.inviterName} via Casehub`,
        to: invite.email,
        subject: `${invite.inviterName} invited you to ${what}`,
        text: `${invite.inviterName} invited you to ${what} on Casehub.\n\nOpen this link to join (it works once and expires in 7 days):\n${invite.url}\n`,
      });
    },
  };
}
