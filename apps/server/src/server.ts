import { createServer as createHttpServer, type Server } from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import pino, { type Logger } from 'pino';
import type { Config } from './config.js';
import { createApp } from './http/app.js';
import { createAuthService } from './modules/auth/service.js';
import { CaseProjector } from './modules/cases/projection.js';
import { createCasesService } from './modules/cases/service.js';
import { createInvitesService } from './modules/invites/service.js';
import { ActivityProjector } from './modules/activity/projection.js';
import { createActivityService } from './modules/activity/service.js';
import { createPgSearch } from './modules/search/service.js';
import { JobRunner } from './jobs/runner.js';
import { FsBlobStore } from './storage/blobs.js';
import { openDatabase, type Database } from './storage/db.js';
import { RoomManager } from './sync/rooms.js';
import { createSyncEndpoint } from './sync/upgrade.js';

export type RunningServer = {
  url: string;
  port: number;
  http: Server;
  database: Database;
  rooms: RoomManager;
  log: Logger;
  jobs: JobRunner;
  blobs: FsBlobStore;
  activity: ReturnType<typeof createActivityService>;
  /** Stops accepting, drains pending writes, closes sockets and the database. */
  close(): Promise<void>;
};

/** The composition root: config → database → services → HTTP + sync. */
export async function startServer(config: Config, log: Logger = pino({ level: config.logLevel })): Promise<RunningServer> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const { db } = database;
  const rooms = new RoomManager({
    db,
    log,
    unloadGraceMs: config.docUnloadGraceMs,
    compactAfterUpdates: config.compactAfterUpdates,
  });
  const projector = new CaseProjector(db, log);
  rooms.onAfterCommit(projector.afterCommit);
  const activityProjector = new ActivityProjector(db, log);
  rooms.onLoaded(activityProjector.onLoaded);
  rooms.onAfterCommit(activityProjector.afterCommit);
  const activity = createActivityService({ rooms, projector: activityProjector });
  const blobs = new FsBlobStore(path.join(config.dataDir, 'blobs'));
  const jobs = new JobRunner(db, log);
  const search = createPgSearch(db);
  const auth = createAuthService({ db, rooms });
  const cases = createCasesService({ db, rooms, projector });
  const invites = createInvitesService({ db, auth, cases });
  const app = createApp({ config, log, db, dbKind: database.kind, auth, cases, invites, search });
  const sync = createSyncEndpoint({ config, log, auth, cases, rooms });

  const http = createHttpServer(getRequestListener(app.fetch));
  http.on('upgrade', (req, socket, head) => {
    if (!sync.handleUpgrade(req, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.port, config.host, () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  const url = `http://localhost:${port}`;
  jobs.start();

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      http.close();
      sync.close();
      await jobs.stop();
      await rooms.shutdown();
      await projector.flush();
      await activityProjector.flush();
      http.closeAllConnections();
      await database.close();
    })());

  return { url, port, http, database, rooms, log, jobs, blobs, activity, close };
}
