import type { WorkspaceRole } from '@casehub/contract';
import { msg } from '../../i18n';

/** How a role reads on screen (English; shown through `t()`). */
export const roleNames: Record<WorkspaceRole, string> = { owner: msg('owner'), admin: msg('admin'), member: msg('member'), guest: msg('guest') };

/** The workspace's settings pages a person may open: for every member, then for owners and admins. Labels in English, shown through `t()`. */
export function settingsPages(role: WorkspaceRole): Array<[path: string, label: string]> {
  if (role === 'guest') return [];
  const admin = role === 'owner' || role === 'admin';
  return [
    ['/settings/members', msg('Members')],
    ['/settings/routing', msg('Routing')],
    ['/settings/saved-replies', msg('Saved replies')],
    ['/settings/plan-templates', msg('Plan templates')],
    ['/settings/business-hours', msg('Business hours')],
    ['/settings/pipelines', msg('Pipelines')],
    ['/settings/custom-fields', msg('Custom fields')],
    ...(admin
      ? ([
          ['/settings/audit', msg('Audit log')],
          ['/settings/webhooks', msg('Webhooks')],
          ['/settings/mailboxes', msg('Mailboxes')],
          ['/settings/security', msg('Security')],
        ] as Array<[string, string]>)
      : []),
  ];
}
