import { customValueShape } from '@casehub/case-document';
import { customValueText, type CaseSummary, type CsvImportResult, type CsvKind, type CsvMapping, type CsvPreview, type CsvRefusal } from '@casehub/contract';
import { AppError } from '../../errors.js';
import { CsvError, parseCsv, toCsv, type ParsedCsv } from '../../lib/csv.js';
import type { Db } from '../../storage/db.js';
import type { Actor } from '../access/policy.js';
import { insertAudit } from '../auth/repo.js';
import type { CasesService } from '../cases/service.js';
import type { AccountsService } from '../contacts/accounts.js';
import { assertMember } from '../contacts/present.js';
import type { ContactsService } from '../contacts/service.js';
import { listCustomFields } from '../custom-fields/repo.js';
import { guessMapping, importFields, planImport, type PlannedRow } from './plan.js';
import * as repo from './repo.js';

export type CsvService = ReturnType<typeof createCsvService>;

/** Progress of a running import: rows done of all. */
export type Progress = (done: number, total: number) => void;

/**
 * CSV in and out for contacts, accounts and cases (issue 16.2): a preview
 * with a guessed column mapping, a dry run that reports what would be
 * created, updated and refused (row, column, reason), the import itself
 * through the same services as the forms (their checks, their audit), and
 * exports with formula injection neutralised. Members only.
 */
export function createCsvService({ db, contacts, accounts, cases }: { db: Db; contacts: ContactsService; accounts: AccountsService; cases: CasesService }) {
  function parse(text: string): ParsedCsv {
    try {
      return parseCsv(text);
    } catch (err) {
      if (err instanceof CsvError) throw new AppError('bad_request', err.message);
      throw err;
    }
  }

  /** Writes one planned row through the service the forms use; its refusal is the row's. */
  async function apply(actor: Actor, p: PlannedRow): Promise<'created' | 'updated'> {
    if (p.kind === 'contacts') {
      if (!p.id) {
        await contacts.create(actor, p.input);
        return 'created';
      }
      // Only what the file has a value for changes; addresses are added to the ones the contact has.
      const current = await contacts.get(actor, p.id);
      await contacts.patch(actor, p.id, {
        ...(p.present.has('name') ? { name: p.input.name } : {}),
        ...(p.present.has('title') ? { title: p.input.title } : {}),
        ...(p.present.has('phone') ? { phone: p.input.phone } : {}),
        ...(p.present.has('notes') ? { notes: p.input.notes } : {}),
        ...(p.present.has('account') ? { accountId: p.input.accountId ?? null } : {}),
        ...(p.present.has('tags') ? { tags: [...new Set([...current.tags, ...p.input.tags])] } : {}),
        ...(p.present.has('email') ? { emails: [...new Set([...current.emails, ...p.input.emails])] } : {}),
      });
      return 'updated';
    }
    if (p.kind === 'accounts') {
      if (!p.id) {
        await accounts.create(actor, p.input);
        return 'created';
      }
      const current = await accounts.get(actor, p.id);
      await accounts.patch(actor, p.id, {
        ...(p.present.has('name') ? { name: p.input.name } : {}),
        ...(p.present.has('notes') ? { notes: p.input.notes } : {}),
        ...(p.present.has('tags') ? { tags: [...new Set([...current.tags, ...p.input.tags])] } : {}),
        ...(p.present.has('domains') ? { domains: [...new Set([...current.domains, ...p.input.domains])] } : {}),
      });
      return 'updated';
    }
    await cases.create(actor, p.input);
    return 'created';
  }

  return {
    async preview(actor: Actor, kind: CsvKind, text: string): Promise<CsvPreview> {
      assertMember(actor);
      const csv = parse(text);
      const defs = kind === 'cases' ? await listCustomFields(db, actor.workspaceId) : [];
      return {
        columns: csv.columns,
        sample: csv.rows.slice(0, 5).map((r) => r.cells),
        rows: csv.rows.length,
        delimiter: csv.delimiter,
        mapping: guessMapping(kind, csv.columns, defs),
        fields: importFields(kind, defs),
      };
    },

    /**
     * Plans the import and, unless it is a dry run, carries it out row by
     * row: a row one of the services refuses (an address another contact
     * has, say) is reported and the rest go on.
     */
    async import(
      actor: Actor,
      kind: CsvKind,
      text: string,
      options: { mapping?: CsvMapping | undefined; dryRun: boolean; onProgress?: Progress },
    ): Promise<CsvImportResult> {
      assertMember(actor);
      const csv = parse(text);
      const lookups = await repo.lookups(db, actor.workspaceId);
      const mapping = options.mapping ?? guessMapping(kind, csv.columns, lookups.customFields);
      const plan = planImport(kind, csv, mapping, lookups);
      if (options.dryRun) {
        return {
          dryRun: true,
          rows: plan.rows,
          created: plan.planned.filter((p) => !p.id).length,
          updated: plan.planned.filter((p) => p.id).length,
          refused: plan.refused,
        };
      }
      const refused: CsvRefusal[] = [...plan.refused];
      let created = 0;
      let updated = 0;
      for (const [i, p] of plan.planned.entries()) {
        try {
          if ((await apply(actor, p)) === 'created') created++;
          else updated++;
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          refused.push({ row: p.row, column: null, reason: err.message });
        }
        if ((i + 1) % 25 === 0) options.onProgress?.(i + 1, plan.planned.length);
      }
      options.onProgress?.(plan.planned.length, plan.planned.length);
      refused.sort((a, b) => a.row - b.row);
      await insertAudit(db, {
        workspaceId: actor.workspaceId,
        actorId: actor.userId,
        action: 'csv.import',
        data: { kind, rows: plan.rows, created, updated, refused: refused.length },
      });
      return { dryRun: false, rows: plan.rows, created, updated, refused };
    },

    /** The whole list as CSV: contacts and accounts of the workspace, or the cases the person may see. */
    async export(actor: Actor, kind: CsvKind): Promise<string> {
      assertMember(actor);
      await insertAudit(db, { workspaceId: actor.workspaceId, actorId: actor.userId, action: 'csv.export', data: { kind } });
      if (kind === 'contacts') {
        const rows = await repo.allContacts(db, actor.workspaceId);
        return toCsv(
          ['name', 'email', 'title', 'phone', 'account', 'tags', 'notes', 'createdAt'],
          rows.map((r) => [
            r.contact.name,
            r.emails.join('; '),
            r.contact.title,
            r.contact.phone,
            r.accountName ?? '',
            r.contact.tags.join('; '),
            r.contact.notes,
            r.contact.createdAt.toISOString(),
          ]),
        );
      }
      if (kind === 'accounts') {
        const rows = await repo.allAccounts(db, actor.workspaceId);
        return toCsv(
          ['name', 'domains', 'owner', 'tags', 'notes', 'createdAt'],
          rows.map((r) => [
            r.account.name,
            r.account.domains.join('; '),
            r.ownerName ?? '',
            r.account.tags.join('; '),
            r.account.notes,
            r.account.createdAt.toISOString(),
          ]),
        );
      }
      const all: CaseSummary[] = [];
      for (let offset = 0; ; offset += 200) {
        const page = await cases.list(actor, { sort: 'createdAt', order: 'asc', limit: 200, offset });
        all.push(...page.cases);
        if (page.cases.length < 200) break;
      }
      // [issue 17.3] A column per custom field, headed by its label (what an import maps back); a person as their email.
      const defs = await listCustomFields(db, actor.workspaceId);
      const emails = new Map((await repo.lookups(db, actor.workspaceId)).memberByEmail);
      const emailOf = new Map([...emails].map(([email, id]) => [id, email]));
      const labels = defs.map((d) => (defs.some((o) => o !== d && o.label.toLowerCase() === d.label.toLowerCase()) ? `${d.label} (${d.kind})` : d.label));
      const customCells = (c: CaseSummary): string[] =>
        defs.map((d) => {
          if (d.kind !== c.kind) return '';
          const parsed = customValueShape.safeParse(c.custom[d.id]);
          return customValueText(d, parsed.success ? parsed.data : undefined, emailOf);
        });
      return toCsv(
        ['title', 'kind', 'stage', 'priority', 'account', 'value', 'currency', 'closeDate', 'owner', 'createdAt', 'id', ...labels],
        all.map((c) => [c.title, c.kind, c.stage, c.priority, c.account, c.value, c.currency, c.closeDate, c.ownerName, c.createdAt, c.id, ...customCells(c)]),
      );
    },
  };
}
