import { caseFieldLabels, describeCounts, type SinceSummary } from '@casehub/contract';

type Item = { text: string; caseId: string | null; activityId: string | null; createdAt: Date; caseTitle: string | null };
type CaseNews = { caseId: string; title: string; summary: SinceSummary };

/** One case's "since you were last here" in a line or three: what came in, what changed, who joined. */
function newsLines(news: CaseNews, base: string | undefined): string[] {
  const s = news.summary;
  const counts = describeCounts(s.counts);
  // The owner is an id; the page names them, a line of mail just says it changed.
  const fields = s.fields.map((f) => (f.field === 'ownerId' ? 'new owner' : `${caseFieldLabels[f.field] ?? f.field}: ${f.from ?? 'none'} → ${f.to ?? 'none'}`));
  const joined = s.joined.length ? [`joined: ${s.joined.map((j) => j.name).join(', ')}`] : [];
  const what = [...(counts ? [counts] : []), ...fields, ...joined].join('; ');
  const latest = s.entries[0] ? [`  Latest: ${s.entries[0].actorName}: ${s.entries[0].summary.slice(0, 140)}`] : [];
  const link = base ? [`  ${base}/cases/${encodeURIComponent(news.caseId)}`] : [];
  return [`- ${news.title}: ${what}`, ...latest, ...link];
}

/** The digest as plain text: one line per notification, newest first, with a link when PUBLIC_URL is known. */
export function composeDigest(d: {
  name: string;
  workspaceName: string;
  frequency: 'daily' | 'weekly';
  items: Item[];
  more: boolean;
  /** [issue 15.6] The cases the person opened with news since they last read them. */
  news?: CaseNews[];
  publicUrl: string | undefined;
}): {
  subject: string;
  text: string;
} {
  const n = d.items.length;
  const news = d.news ?? [];
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
    subject:
      n > 0
        ? `Casehub ${d.frequency} digest: ${count} in ${d.workspaceName}`
        : `Casehub ${d.frequency} digest: news on ${news.length} case${news.length === 1 ? '' : 's'} in ${d.workspaceName}`,
    text: [
      `Hello ${d.name},`,
      '',
      ...(n > 0
        ? [
            `You have ${count} in ${d.workspaceName} since your last digest:`,
            '',
            ...lines,
            ...(d.more ? ['', 'There are more; open Casehub to see them all.'] : []),
            '',
          ]
        : []),
      ...(news.length > 0 ? ['Since you last read them:', '', ...news.flatMap((item) => newsLines(item, base)), ''] : []),
      `You get this ${d.frequency}. Change it on your settings page${base ? ` (${base}/settings/account)` : ''}.`,
      '',
    ].join('\n'),
  };
}
