import type { CaseAccess } from '@casehub/contract';

/** Suggestions for a person's role on a case; any other text is fine too. */
export const teamRoleSuggestions = ['account owner', 'sales engineer', 'support', 'services'] as const;

export const accessLabels: Record<CaseAccess, string> = {
  editor: 'Editor',
  commenter: 'Commenter',
  viewer: 'Viewer',
};

export const accessHelp: Record<CaseAccess, string> = {
  editor: 'edits the mutual plan and adds notes',
  commenter: 'adds notes, does not edit the plan',
  viewer: 'reads only',
};
