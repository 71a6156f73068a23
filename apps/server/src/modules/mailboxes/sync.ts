import type { ImapFlow } from 'imapflow';
import type { Logger } from 'pino';
import type { Db } from '../../storage/db.js';
import { parseInboundAddress } from '../email/address.js';
import type { Ingest } from '../email/ingest.js';
import { findCaseForAddress } from '../email/repo.js';
import { listWorkspaceManagers } from '../email/triage-repo.js';
import { notify } from '../notifications/service.js';
import { classifyMailError, connectImap, findSentFolder, type MailServer } from './imap.js';
import * as repo from './repo.js';
import { standIn } from './stand-in.js';

export type SyncSettings = {
  allowPrivate: boolean;
  /** How often each folder is searched for news besides what IDLE tells. */
  pollMs: number;
  /** The longest wait between tries after a failure; the first is min(5 s, this), doubling. */
  retryMaxMs: number;
  /** Messages larger than this are not fetched (MAX_UPLOAD_MB, as every other path). */
  maxMessageBytes: number;
  /** MAILBOX_AUTHSERV_ID: the only authserv-id whose Authentication-Results are believed; null, the topmost header's. */
  authservId: string | null;
};

export type SyncDeps = {
  db: Db;
  log: Logger;
  ingest: Ingest;
  mailDomain: string;
  settings: SyncSettings;
  /** This node's name in the lease. */
  node: string;
  /** The mailbox's IMAP server, password opened (throws if SECRET_KEY changed). */
  imapOf(row: repo.MailboxRow): MailServer;
};

type Folder = { path: string; role: 'inbox' | 'sent' };
type Watched = { folder: Folder; client: ImapFlow };

/** Fetched per round trip: envelopes and sizes first, then each message's source alone (bounded memory). */
const envelopeChunk = 50;

class Stopped extends Error {}

/**
 * Syncs one mailbox while this node holds its lease: one IMAP connection
 * per watched folder (the folders to watch and the sent folder), each in
 * IDLE between passes, so new mail is heard within seconds; a search every
 * `pollMs` besides, for servers without IDLE and for news IDLE missed.
 *
 * A pass hands every message above the folder's last UID to ingestion, in
 * UID order, and records each UID once ingested: a restart or a lost
 * connection resumes after the last one recorded, and a message ingested
 * but not yet recorded is recognised as a duplicate when seen again (by
 * Message-ID, or its bytes). A folder first seen, or whose UIDVALIDITY
 * changed, is read from `backfillDays` back.
 */
export class MailboxWorker {
  private stopped = false;
  private wake: (() => void) | undefined;
  private clients: ImapFlow[] = [];
  private running: Promise<void> | undefined;
  private attempt = 0;
  /** Passes run one at a time (each folder's IDLE news and the poll queue behind each other). */
  private chain: Promise<void> = Promise.resolve();
  private progress = { done: 0, total: 0, unsaved: 0, savedAt: 0 };

  constructor(
    private readonly deps: SyncDeps,
    private row: repo.MailboxRow,
  ) {}

  get id(): string {
    return this.row.id;
  }

  start(): void {
    this.running ??= this.loop().catch((err: unknown) => this.deps.log.error({ err, mailboxId: this.row.id }, 'mailbox sync stopped on an error'));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    for (const c of this.clients) c.close();
    await this.running;
  }

  private async status(patch: repo.StatusPatch): Promise<void> {
    if (this.stopped) return;
    const held = await repo.setStatus(this.deps.db, this.row.id, this.deps.node, patch);
    if (!held) {
      // Disconnected, or another node took the mailbox over: stop quietly.
      this.stopped = true;
      throw new Stopped();
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  private async loop(): Promise<void> {
    const { log, settings } = this.deps;
    while (!this.stopped) {
      try {
        await this.session();
      } catch (err) {
        if (this.stopped || err instanceof Stopped) break;
        this.attempt++;
        const base = Math.min(5_000, settings.retryMaxMs);
        const wait = Math.min(settings.retryMaxMs, base * 2 ** Math.min(this.attempt - 1, 20));
        const words = classifyMailError(err, 'IMAP').message;
        log.warn({ mailboxId: this.row.id, err: words, retryInMs: wait }, 'mailbox sync failed; retrying');
        try {
          await this.status({ status: 'error', lastError: words, retryAt: new Date(Date.now() + wait), progressDone: 0, progressTotal: 0 });
        } catch (statusErr) {
          if (statusErr instanceof Stopped) break;
          log.error({ err: statusErr, mailboxId: this.row.id }, 'could not record a mailbox error');
        }
        await this.sleep(wait);
      } finally {
        for (const c of this.clients) c.close();
        this.clients = [];
      }
    }
  }

  /** One connection's life: connect, catch up on every folder, then listen until a connection drops. */
  private async session(): Promise<void> {
    const { settings } = this.deps;
    const server = this.deps.imapOf(this.row);
    await this.status({ status: this.attempt > 0 ? 'error' : 'connecting' });
    const first = await connectImap(server, settings.allowPrivate);
    this.clients.push(first);
    const sent = this.row.sentFolder ?? (await findSentFolder(first));
    if (sent && sent !== this.row.sentFound) await this.status({ sentFound: sent });
    const folders: Folder[] = [
      ...this.row.folders.map((path) => ({ path, role: 'inbox' as const })),
      ...(sent && !this.row.folders.includes(sent) ? [{ path: sent, role: 'sent' as const }] : []),
    ];
    const watched: Watched[] = [];
    for (const [i, folder] of folders.entries()) {
      const client = i === 0 ? first : await connectImap(server, settings.allowPrivate);
      if (i > 0) this.clients.push(client);
      try {
        await client.mailboxOpen(folder.path);
      } catch (err) {
        const words = err instanceof Error && 'responseText' in err && typeof err.responseText === 'string' ? err.responseText : String(err);
        throw classifyMailError(new Error(`folder "${folder.path}" cannot be opened: ${words}`), 'IMAP');
      }
      watched.push({ folder, client });
    }
    if (this.stopped) return;
    await this.pass(watched);
    this.attempt = 0;
    await this.listen(watched);
  }

  /** Waits for news (IDLE's EXISTS, or the poll) and runs a pass on it; returns when stopped, throws when a connection drops. */
  private listen(watched: Watched[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let over = false;
      const finish = (err?: unknown) => {
        if (over) return;
        over = true;
        clearInterval(poll);
        this.wake = undefined;
        if (err === undefined || this.stopped) resolve();
        else reject(err instanceof Error ? err : new Error(String(err)));
      };
      const run = (which: Watched[]) => {
        this.chain = this.chain.then(() => (over ? undefined : this.pass(which))).catch((err: unknown) => finish(err));
      };
      const poll = setInterval(() => run(watched), this.deps.settings.pollMs);
      for (const w of watched) {
        w.client.on('exists', () => run([w]));
        w.client.on('close', () => finish(new Error(`the connection to the IMAP server was lost (folder "${w.folder.path}")`)));
      }
      this.wake = () => finish();
    });
  }

  /** Hands every new message of these folders to ingestion, with progress. */
  private async pass(watched: Watched[]): Promise<void> {
    const plans: Array<{ w: Watched; uids: number[]; through: number; historyThrough: number }> = [];
    for (const w of watched) plans.push({ w, ...(await this.plan(w)) });
    const total = plans.reduce((n, p) => n + p.uids.length, 0);
    if (total > 0) {
      this.progress = { done: 0, total, unsaved: 0, savedAt: Date.now() };
      await this.status({ status: 'syncing', progressDone: 0, progressTotal: total, lastError: null, retryAt: null });
      for (const { w, uids, through, historyThrough } of plans) {
        await this.ingestFolder(w, uids, through, historyThrough);
        const old = uids.filter((u) => u <= historyThrough).length;
        if (old > 0) await this.announceBackfill(w.folder, old);
      }
    }
    await this.flushCount();
    await this.status({ status: 'idle', lastSyncAt: new Date(), progressDone: 0, progressTotal: 0, lastError: null, retryAt: null });
  }

  /**
   * The UIDs still to ingest in a folder, and the last UID the pass covers
   * once they are in; a folder first seen, or reset (UIDVALIDITY), starts its
   * backfill, which covers everything below UIDNEXT (older mail included:
   * it is outside the window on purpose).
   */
  private async plan({ folder, client }: Watched): Promise<{ uids: number[]; through: number; historyThrough: number }> {
    const { db, log } = this.deps;
    if (!client.mailbox) throw new Error(`folder "${folder.path}" is not open`);
    // A folder deleted and made again under the open connection says nothing to it: ask (a missing one fails here, visibly).
    const now = await client.status(folder.path, { uidValidity: true });
    if (!now) throw new Error(`folder "${folder.path}" cannot be read`);
    if (now.uidValidity !== undefined && String(now.uidValidity) !== String(client.mailbox.uidValidity)) await client.mailboxOpen(folder.path);
    const box = client.mailbox;
    if (!box) throw new Error(`folder "${folder.path}" is not open`);
    const validity = String(box.uidValidity);
    const state = await repo.findFolder(db, this.row.id, folder.path);
    if (state && state.uidValidity === validity) {
      const found = await client.search({ uid: `${state.lastUid + 1}:*` }, { uid: true });
      // `n:*` always matches the last message, even below n: only what is above counts.
      // A backfill cut short (a restart, a lost connection) goes on as one: what it brings up to its end is history too.
      return { uids: (found || []).filter((u) => u > state.lastUid).sort((a, b) => a - b), through: 0, historyThrough: state.backfillThrough };
    }
    if (state)
      log.warn(
        { mailboxId: this.row.id, folder: folder.path },
        'UIDVALIDITY changed: reading the backfill window again (what is stored already is recognised)',
      );
    const days = this.row.backfillDays;
    const since = new Date(Date.now() - days * 86_400_000);
    const found = days > 0 && box.exists > 0 ? await client.search({ since }, { uid: true }) : [];
    const uids = (found || []).sort((a, b) => a - b);
    // Recorded before the first message: a resume takes what is above it, never the older mail outside the window.
    const start = uids[0] !== undefined ? uids[0] - 1 : Math.max(0, Number(box.uidNext) - 1);
    const through = Math.max(0, Number(box.uidNext) - 1);
    await repo.saveFolder(db, {
      mailboxId: this.row.id,
      path: folder.path,
      role: folder.role,
      uidValidity: validity,
      lastUid: start,
      backfillThrough: through,
    });
    return { uids, through, historyThrough: through };
  }

  /** Messages up to `historyThrough` are the backfill's: old mail, brought in as history (issue 13.8). */
  private async ingestFolder({ folder, client }: Watched, uids: number[], through: number, historyThrough: number): Promise<void> {
    const { db, log, settings } = this.deps;
    const validity = String(client.mailbox ? client.mailbox.uidValidity : '');
    for (let i = 0; i < uids.length; i += envelopeChunk) {
      const chunk = uids.slice(i, i + envelopeChunk);
      const heads = await client.fetchAll(chunk.join(','), { uid: true, size: true, envelope: true }, { uid: true });
      heads.sort((a, b) => a.uid - b.uid);
      for (const head of heads) {
        if (this.stopped) throw new Stopped();
        if ((head.size ?? 0) > settings.maxMessageBytes) {
          log.warn({ mailboxId: this.row.id, folder: folder.path, uid: head.uid, size: head.size }, 'a message past MAX_UPLOAD_MB: a stand-in is brought in');
          const where = `the mailbox ${this.row.address}, folder "${folder.path}"`;
          await this.hand(folder, await standIn(head.envelope, head.size ?? 0, settings.maxMessageBytes, where), head.envelope, head.uid <= historyThrough);
        } else {
          const message = await client.fetchOne(String(head.uid), { uid: true, source: true }, { uid: true });
          if (message && message.source) await this.hand(folder, new Uint8Array(message.source), head.envelope, head.uid <= historyThrough);
        }
        await repo.saveFolder(db, { mailboxId: this.row.id, path: folder.path, role: folder.role, uidValidity: validity, lastUid: head.uid });
        await this.step();
      }
    }
    const last = uids[uids.length - 1] ?? 0;
    if (through > last) await repo.saveFolder(db, { mailboxId: this.row.id, path: folder.path, role: folder.role, uidValidity: validity, lastUid: through });
  }

  /** One message into the common pipeline: the case its recipients name by case address, else routing (inbound) or filing (sent). */
  private async hand(
    folder: Folder,
    raw: Uint8Array,
    envelope: { to?: Array<{ address?: string }>; cc?: Array<{ address?: string }>; bcc?: Array<{ address?: string }> } | undefined,
    history: boolean,
  ) {
    const { ingest, settings } = this.deps;
    const caseId = await this.caseAddressed([...(envelope?.to ?? []), ...(envelope?.cc ?? []), ...(envelope?.bcc ?? [])]);
    const input = {
      workspaceId: this.row.workspaceId,
      caseId,
      raw,
      source: 'imap' as const,
      createdBy: null,
      mailboxId: this.row.id,
      history,
      // The mailbox's server received it: its Authentication-Results (the topmost) is the verdict (issue 13.7).
      authResultsFrom: { authservId: settings.authservId },
    };
    if (folder.role === 'sent') await ingest.fileSent(input);
    else await ingest(input);
  }

  /** [issue 13.8] A backfill tells once what it brought, not once per message. */
  private async announceBackfill(folder: Folder, count: number): Promise<void> {
    const { db, log } = this.deps;
    const managers = await listWorkspaceManagers(db, this.row.workspaceId);
    await notify(db, {
      workspaceId: this.row.workspaceId,
      userIds: managers,
      kind: 'import',
      about: null,
      text: `Brought in ${count} older ${count === 1 ? 'message' : 'messages'} from "${folder.path}" of the mailbox ${this.row.name} (no response clocks started for them).`,
    }).catch((err: unknown) => log.error({ err, mailboxId: this.row.id }, 'could not announce a mailbox backfill'));
  }

  private async caseAddressed(addresses: Array<{ address?: string }>): Promise<string | null> {
    for (const { address } of addresses) {
      const target = address ? parseInboundAddress(address, this.deps.mailDomain) : null;
      if (target?.kind !== 'case') continue;
      const found = await findCaseForAddress(this.deps.db, target.caseId);
      // Another workspace's case address names nothing here.
      if (found && found.workspaceId === this.row.workspaceId) return found.id;
    }
    return null;
  }

  private async step(): Promise<void> {
    this.progress.done++;
    this.progress.unsaved++;
    if (Date.now() - this.progress.savedAt >= 500 || this.progress.done === this.progress.total) await this.flushCount();
  }

  private async flushCount(): Promise<void> {
    const { unsaved } = this.progress;
    if (unsaved > 0) await repo.addMessages(this.deps.db, this.row.id, unsaved);
    this.progress.unsaved = 0;
    this.progress.savedAt = Date.now();
    if (this.progress.total > 0) await this.status({ progressDone: this.progress.done, progressTotal: this.progress.total });
  }
}
