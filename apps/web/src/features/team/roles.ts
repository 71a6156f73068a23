import type { CaseAccess } from '@casehub/contract';
import { msg } from '../../i18n';

/** Suggestions for a person's role on a case; any other text is fine too. */
export const teamRoleSuggestions = ['account owner', 'sales engineer', 'support', 'services'] as const;

/** In English, shown through `t()`. */
export const accessLabels: Record<CaseAccess, string> = {
  editor: msg('Editor'),
  commenter: msg('Commenter'),
  viewer: msg('Viewer'),
};

export const accessHelp: Record<CaseAccess, string> = {
  editor: msg('edits the mutual plan and adds notes'),
  commenter: msg('adds notes, does not edit the plan'),
  viewer: msg('reads only'),
};
