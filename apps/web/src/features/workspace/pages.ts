import type { WorkspaceRole } from '@casehub/contract';

/** The workspace's settings pages a person may open: for every member, then for owners and admins. */
export function settingsPages(role: WorkspaceRole): Array<[path: string, label: string]> {
  if (role === 'guest') return [];
  const admin = role === 'owner' || role === 'admin';
  return [
    ['/settings/members', 'Members'],
    ['/settings/routing', 'Routing'],
    ['/settings/saved-replies', 'Saved replies'],
    ['/settings/plan-templates', 'Plan templates'],
    ['/settings/business-hours', 'Business hours'],
    ['/settings/pipelines', 'Pipelines'],
    ['/settings/custom-fields', 'Custom fields'],
    ...(admin
      ? ([
          ['/settings/audit', 'Audit log'],
          ['/settings/webhooks', 'Webhooks'],
          ['/settings/mailboxes', 'Mailboxes'],
          ['/settings/security', 'Security'],
        ] as Array<[string, string]>)
      : []),
  ];
}
