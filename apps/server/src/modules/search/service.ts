import { sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { rowsOf, type Db } from '../../storage/db.js';
import { sharedEmailCondition, sharedFileCondition } from '../activity/repo.js';
import type { Actor } from '../access/policy.js';
import { caseVisibleTo, sideReadableBy } from '../access/visibility.js';
import { cases } from '../../storage/schema.js';

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

export type SearchQuery = { q: string; caseId?: string | undefined; limit: number };

export interface SearchService {
  search(actor: Actor, query: SearchQuery): Promise<SearchResult[]>;
}

// Markers that cannot occur in text, turned into <mark> after HTML-escaping.
const open = '\u0002';
const close = '\u0003';
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Scripts written without spaces between words. PostgreSQL's parser keeps a
 * whole run of such characters as one token, so a word inside it is found by
 * substring match instead of the full-text index.
 */
const unspacedScript =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

/** Matches ranked per source; past this, a very common word returns good matches, not the very best. */
const candidates = 2000;

type Row = { case_id: string; activity_id: string; kind: string; snippet: string; at: string | Date; rank: number | string; title: string };

/**
 * How a source matches and is ranked, and how its excerpt is made, for either
 * kind of query. Full-text queries use the stored `search` vectors (GIN
 * indexed); substring queries scan the text.
 */
function matcher(q: string) {
  if (!unspacedScript.test(q)) {
    const query = sql`websearch_to_tsquery('simple', ${q})`;
    return {
      where: (vector: SQL) => sql`${vector} @@ ${query}`,
      rank: (vector: SQL) => sql`ts_rank(${vector}, ${query})`,
      snippet: (doc: SQL) =>
        sql`ts_headline('simple', ${doc}, ${query}, ${`StartSel=${open}, StopSel=${close}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`})`,
      mark: (s: string) => s,
    };
  }
  const needle = q.toLowerCase();
  return {
    where: (_vector: SQL, doc: SQL) => sql`strpos(lower(${doc}), ${needle}) > 0`,
    rank: () => sql`0.1::real`,
    snippet: (doc: SQL) => sql`substr(${doc}, greatest(1, strpos(lower(${doc}), ${needle}) - 60), 160)`,
    mark: (s: string) => s.split(needle).join(`${open}${needle}${close}`),
  };
}

/** The cases table as the query below names it. */
const c = alias(cases, 'c');

/**
 * PostgreSQL full-text search over the activity index (notes, calls, every
 * entry's summary), email subjects and bodies, and file names and extracted
 * text; the same on PGlite. Results are limited to cases the actor may see,
 * by the same rule as the case list; guests search only shared entries.
 */
export function createPgSearch(db: Db): SearchService {
  return {
    async search(actor, { q, caseId, limit }) {
      const guest = actor.role === 'guest';
      const m = matcher(q);
      const visibleCases = sql`
        select c.id, c.title from cases c
        where ${caseVisibleTo(actor, c)}
          ${caseId ? sql`and c.id = ${caseId}` : sql``}`;
      const activityDoc = sql`a.summary || ' ' || a.body_text`;
      // As the stored vector (emails.search): the text part and the words of the HTML part (issue 21.5).
      const emailDoc = sql`coalesce(e.subject, '') || ' ' || coalesce(e.from_name, '') || ' ' || coalesce(e.from_address, '') || ' ' || left(coalesce(e.text_body, ''), 200000) || ' ' || left(coalesce(e.html_text, ''), 200000)`;
      const fileDoc = sql`coalesce(f.name, '') || ' ' || left(coalesce(f.text, ''), 400000)`;
      // Emails and files are internal; a guest matches only those the team shared (shared_items),
      // never what the shared document names, which guest editors write to (issue 20.2).
      const sharedOnly = (condition: SQL) => (guest ? sql`and ${condition}` : sql``);
      // An email or file is found while its stream entry is: a deleted entry leaves the index (issue 21.8). The entry
      // is the team's, or on the shared side under a shared_items row the server wrote (a guest's upload, issue 15.4).
      const inStream = (caseId: SQL, activityId: SQL) =>
        sql`and exists (select 1 from activity_index x where x.case_id = ${caseId} and x.activity_id = ${activityId}
          and (x.side = 'team' or exists (select 1 from shared_items si where si.case_id = x.case_id and si.activity_id = x.activity_id)))`;
      const emailAndFileHits = sql`
          union all
          (select e.case_id, e.activity_id, 'email', 'e', e.id, coalesce(e.sent_at, e.created_at), ${m.rank(sql`e.search`)}
          from emails e join vc on vc.id = e.case_id
          where e.activity_id is not null and ${m.where(sql`e.search`, emailDoc)}
            ${inStream(sql`e.case_id`, sql`e.activity_id`)}
            ${sharedOnly(sharedEmailCondition(sql`e.case_id`, sql`e.id`))}
          limit ${candidates})
          union all
          (select f.case_id, f.activity_id, 'file', 'f', f.id, f.created_at, ${m.rank(sql`f.search`)}
          from files f join vc on vc.id = f.case_id
          where f.activity_id is not null and ${m.where(sql`f.search`, fileDoc)}
            ${inStream(sql`f.case_id`, sql`f.activity_id`)}
            ${sharedOnly(sharedFileCondition(sql`f.case_id`, sql`f.id`, sql`f.email_id`))}
          limit ${candidates})`;
      // Rank at most `candidates` matches per source (a word like "the" matches
      // nearly everything, and ranking is per row), keep the best `limit`, and
      // only then build excerpts, the costliest step.
      const result = await db.execute(sql`
        with vc as (${visibleCases}),
        hits(case_id, activity_id, kind, src, ref, at, rank) as (
          (select a.case_id, a.activity_id, a.kind, 'a', a.side, a.at, ${m.rank(sql`a.search`)}
          from activity_index a join vc on vc.id = a.case_id
          where ${sideReadableBy(actor, sql`a.side`)} and ${m.where(sql`a.search`, activityDoc)}
          limit ${candidates})
          ${emailAndFileHits}
        ),
        best as (
          select distinct on (case_id, activity_id) * from hits order by case_id, activity_id, rank desc
        ),
        top as (
          select * from best order by rank desc, at desc limit ${limit}
        )
        select top.case_id, top.activity_id, top.kind, top.at, top.rank, vc.title,
          case top.src
            when 'a' then (select ${m.snippet(activityDoc)} from activity_index a where a.case_id = top.case_id and a.side = top.ref and a.activity_id = top.activity_id)
            when 'e' then (select ${m.snippet(emailDoc)} from emails e where e.id = top.ref)
            else (select ${m.snippet(fileDoc)} from files f where f.id = top.ref)
          end as snippet
        from top join vc on vc.id = top.case_id
        order by top.rank desc, top.at desc`);
      const rows = rowsOf<Row>(result);
      return rows.map((r) => ({
        caseId: r.case_id,
        caseTitle: r.title,
        activityId: r.activity_id,
        kind: r.kind,
        snippet: escapeHtml(m.mark(r.snippet)).replaceAll(open, '<mark>').replaceAll(close, '</mark>'),
        at: new Date(r.at).toISOString(),
        rank: Number(r.rank),
      }));
    },
  };
}
