import type { Logger } from 'pino';
import type { ActivityEntry } from '@casehub/case-document';
import type { Db } from '../../storage/db.js';
import type { ActivityService } from '../activity/service.js';
import { BatchContext, type Ingest, type IngestResult, type IngestSource, type PreparedMessage } from './ingest.js';
import { ImportMoved } from './import-repo.js';

/** Messages of an import that go in one document change, at most (and at most `batchBytes` of raw source). */
export const batchMessages = 100;
// Bytes bound the transaction too: on PGlite every other query waits for it (a batch of large mail held /api/health for seconds at 8 MB).
export const batchBytes = 2 * 1024 * 1024;

export type BatchMessage = { name: string; raw: Uint8Array };
export type BatchOutcome = { name: string } & ({ result: IngestResult } | { reason: string });

/** Records a batch's outcomes in the transaction that stores it. */
export type Progress = (tx: Db, outcomes: BatchOutcome[]) => Promise<void>;

export type BatchDeps = { db: Db; log: Logger; ingest: Ingest; activity: ActivityService };
export type BatchTarget = { workspaceId: string; caseId: string; createdBy: string | null; source: IngestSource };

const storeFailed = 'It could not be stored because of an error on our side; try again';

/**
 * [issue 20.9] Imports a batch of messages into a case with one document
 * change for all their stream entries: the change costs one copy of the
 * document however many messages it carries, where one change per message
 * made an import's cost per message grow with the case. The email rows,
 * their files and clocks, and `progress` (where the import has got to)
 * commit in the same transaction as the entries: all of the batch or none.
 *
 * Messages are parsed together (the parser processes run in parallel) and
 * placed one by one, so a message dedupes and threads against those before
 * it in the batch as well as against what is stored. A message placed
 * elsewhere (a routing rule, the case gone) commits on its own. If the batch's
 * commit fails (another node stored one of its messages first), its messages
 * are committed one by one, which tells duplicates apart.
 */
export async function importBatch(
  deps: BatchDeps,
  target: BatchTarget,
  messages: BatchMessage[],
  progress?: Progress,
  /** Asked once the batch is prepared: false (the import was cancelled meanwhile) drops it before any commit. */
  stillWanted?: () => Promise<boolean>,
): Promise<BatchOutcome[]> {
  const { ingest, activity, db, log } = deps;
  const parsed = await Promise.all(messages.map((m) => ingest.parse(m.raw)));
  const batch = new BatchContext();
  const outcomes: BatchOutcome[] = [];
  const here: Array<{ index: number; message: PreparedMessage; id: string; entry: ActivityEntry }> = [];
  const elsewhere: Array<{ index: number; message: PreparedMessage }> = [];
  for (const [index, m] of messages.entries()) {
    const p = parsed[index];
    if (!p) continue;
    try {
      const prepared = await ingest.prepare(
        // [issue 13.8] Imported mail is history: no clocks, no notice per message (the import sends one).
        { workspaceId: target.workspaceId, caseId: target.caseId, raw: m.raw, source: target.source, createdBy: target.createdBy, history: true },
        p,
        batch,
      );
      if ('duplicate' in prepared) {
        outcomes[index] = { name: m.name, result: prepared.duplicate };
        continue;
      }
      const { message } = prepared;
      const { activityId, caseId } = message.row;
      if (caseId === target.caseId && activityId && message.entry) here.push({ index, message, id: activityId, entry: message.entry });
      else elsewhere.push({ index, message });
    } catch (err) {
      log.error({ err, name: m.name }, 'an imported message could not be prepared');
      outcomes[index] = { name: m.name, reason: storeFailed };
    }
  }

  // The commit checks again (progress throws ImportMoved); asking first keeps a cancel from failing a commit.
  if (stillWanted && !(await stillWanted())) throw new ImportMoved('the import was cancelled while its batch was prepared');

  const one = async ({ index, message }: { index: number; message: PreparedMessage }) => {
    const name = messages[index]?.name ?? 'message';
    try {
      outcomes[index] = { name, result: await ingest.commit(message) };
    } catch (err) {
      log.error({ err, name }, 'an imported message could not be stored');
      outcomes[index] = { name, reason: storeFailed };
    }
  };
  for (const item of elsewhere) await one(item);

  // What progress records must be known before the transaction: every message's outcome once this commits.
  for (const { index, message } of here) outcomes[index] = { name: messages[index]?.name ?? 'message', result: message.result };
  const done = () => outcomes.map((o, i) => o ?? { name: messages[i]?.name ?? 'message', reason: storeFailed });
  const write = async (tx: Db) => {
    for (const { message } of here) await message.write(tx);
    await progress?.(tx, done());
  };
  try {
    await activity.addMany(
      target.caseId,
      'team',
      here.map(({ id, entry }) => ({ id, entry })),
      write,
    );
  } catch (err) {
    if (err instanceof ImportMoved) throw err;
    log.warn({ err, messages: here.length }, 'an import batch could not be committed together; committing its messages one by one');
    for (const item of here) await one(item);
    if (progress) await db.transaction((tx) => progress(tx, done()));
    return done();
  }
  for (const { message } of here) await ingest.committed(message);
  return done();
}
