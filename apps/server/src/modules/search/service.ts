import type { Db } from '../../storage/db.js';
import { sql } from 'drizzle-orm';
import type { Actor } from '../access/policy.js';

export type SearchResult = {
  caseId: string;
  caseTitle: string;
  activityId: string;
  kind: string;
  /** Plain text with the matched words inside <mark>…</mark>; everything else HTML-escaped. */
  snippet: string;
  at: string;
  rank: number;
};

export interface SearchService {
  search(actor: Actor, query: { q: string; caseId?: string | undefined; limit: number }): Promise<SearchResult[]>;
}

// Markers that cannot occur in text, turned into <mark> after HTML-escaping.
const open = '\u0002';
const close = '\u0003';
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * PostgreSQL full-text search over the activity index (notes, calls, every
 * entry's summary), email subjects and bodies, and file names and extracted
 * text; works the same on PGlite. Results are limited to cases the actor may
 * see, by the same rule as the case list; guests search only shared entries.
 */
export function createPgSearch(db: Db): SearchService {
  return {
    async search(actor, { q, caseId, limit }) {
      const guest = actor.role === 'guest';
      const query = sql`websearch_to_tsquery('simple', ${q})`;
      const visibleCases = sql`
        select c.id, c.title from cases c
        left join case_members m on m.case_id = c.id and m.user_id = ${actor.userId}
        where c.workspace_id = ${actor.workspaceId}
          and ${guest ? sql`m.user_id is not null` : sql`(c.private = false or m.user_id is not null)`}
          ${caseId ? sql`and c.id = ${caseId}` : sql``}`;
      const headline = (doc: ReturnType<typeof sql>) =>
        sql`ts_headline('simple', ${doc}, ${query}, ${`StartSel=${open}, StopSel=${close}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`})`;
      const activityDoc = sql`a.summary || ' ' || a.body_text`;
      const emailDoc = sql`coalesce(e.subject, '') || ' ' || coalesce(e.from_name, '') || ' ' || coalesce(e.from_address, '') || ' ' || left(coalesce(e.text_body, ''), 200000)`;
      const fileDoc = sql`coalesce(f.name, '') || ' ' || left(coalesce(f.text, ''), 500000)`;
      const emailAndFileHits = guest
        ? sql``
        : sql`
        union all
        select e.case_id, e.activity_id, 'email', ${headline(emailDoc)}, coalesce(e.sent_at, e.created_at), ts_rank(to_tsvector('simple', ${emailDoc}), ${query})
        from emails e join vc on vc.id = e.case_id
        where e.activity_id is not null and to_tsvector('simple', ${emailDoc}) @@ ${query}
        union all
        select f.case_id, f.activity_id, 'file', ${headline(fileDoc)}, f.created_at, ts_rank(to_tsvector('simple', ${fileDoc}), ${query})
        from files f join vc on vc.id = f.case_id
        where f.activity_id is not null and to_tsvector('simple', ${fileDoc}) @@ ${query}`;
      const result = await db.execute<{ case_id: string; activity_id: string; kind: string; snippet: string; at: string | Date; rank: number; title: string }>(sql`
        with vc as (${visibleCases}),
        hits(case_id, activity_id, kind, snippet, at, rank) as (
          select a.case_id, a.activity_id, a.kind, ${headline(activityDoc)}, a.at, ts_rank(to_tsvector('simple', ${activityDoc}), ${query})
          from activity_index a join vc on vc.id = a.case_id
          where ${guest ? sql`a.side = 'shared' and` : sql``} to_tsvector('simple', ${activityDoc}) @@ ${query}
          ${emailAndFileHits}
        ),
        best as (
          select distinct on (case_id, activity_id) * from hits order by case_id, activity_id, rank desc
        )
        select best.*, vc.title from best join vc on vc.id = best.case_id
        order by rank desc, at desc
        limit ${limit}`);
      const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<{
        case_id: string;
        activity_id: string;
        kind: string;
        snippet: string;
        at: string | Date;
        rank: number;
        title: string;
      }>;
      return rows.map((r) => ({
        caseId: r.case_id,
        caseTitle: r.title,
        activityId: r.activity_id,
        kind: r.kind,
        snippet: escapeHtml(r.snippet).replaceAll(open, '<mark>').replaceAll(close, '</mark>'),
        at: new Date(r.at).toISOString(),
        rank: Number(r.rank),
      }));
    },
  };
}
