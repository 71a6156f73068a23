type Item = { text: string; caseId: string | null; activityId: string | null; createdAt: Date; caseTitle: string | null };

/** The digest as plain text: one line per notification, newest first, with a link when PUBLIC_URL is known. */
export function composeDigest(d: {
  name: string;
  workspaceName: string;
  frequency: 'daily' | 'weekly';
  items: Item[];
  more: boolean;
  publicUrl: string | undefined;
}): {
  subject: string;
  text: string;
} {
  const n = d.items.length;
  const count = `${n}${d.more ? '+' : ''} unread notification${n === 1 && !d.more ? '' : 's'}`;
  const base = d.publicUrl?.replace(/\/$/, '');
  const lines = d.items.map((item) => {
    const when = item.createdAt.toISOString().slice(0, 16).replace('T', ' ');
    const link =
      base && item.caseId
        ? `\n  ${base}/cases/${encodeURIComponent(item.caseId)}${item.activityId ? `?entry=${encodeURIComponent(item.activityId)}` : ''}`
        : '';
    return `- ${item.text} (${when} UTC)${link}`;
  });
  return {
    subject: `Casehub ${d.frequency} digest: ${count} in ${d.workspaceName}`,
    text: [
      `Hello ${d.name},`,
      '',
      `You have ${count} in ${d.workspaceName} since your last digest:`,
      '',
      ...lines,
      ...(d.more ? ['', 'There are more; open Casehub to see them all.'] : []),
      '',
      `You get this ${d.frequency}. Change it on your settings page${base ? ` (${base}/settings/account)` : ''}.`,
      '',
    ].join('\n'),
  };
}
