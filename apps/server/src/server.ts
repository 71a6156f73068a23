import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import pino, { type Logger } from 'pino';
import type { Config } from './config.js';
import { createApp } from './http/app.js';
import { createAuthService, type AuthService } from './modules/auth/service.js';
import { CaseProjector } from './modules/cases/projection.js';
import { createCasesService, type CasesService } from './modules/cases/service.js';
import { createInvitesService } from './modules/invites/service.js';
import { createInviteMailer } from './modules/invites/mailer.js';
import { createPasswordResetService } from './modules/auth/password-reset.js';
import { createOidcService } from './modules/auth/oidc.js';
import { createTwoFactorService } from './modules/auth/two-factor.js';
import { nodeLocalLimits, redisLimits } from './lib/rate-limits.js';
import { createCsvService } from './modules/csv/service.js';
import { createSystemMailer } from './lib/system-mail.js';
import { EmailParser } from './modules/email/parse.js';
import { createEmailService, type EmailService } from './modules/email/service.js';
import { startSmtpInbound } from './modules/email/smtp-inbound.js';
import type { DNSResolver } from './modules/email/sender-auth.js';
import { createActivityProjector } from './modules/activity/projection.js';
import { createActivityService } from './modules/activity/service.js';
import { createPgSearch } from './modules/search/service.js';
import { createSyncGate } from './modules/access/sync-gate.js';
import { createAuthorship } from './modules/activity/authorship.js';
import { createEntriesService } from './modules/activity/entries.js';
import { createSharingService } from './modules/activity/sharing.js';
import { momentsOfTruth } from './modules/signals/moments.js';
import { ExpectationClock } from './modules/expectations/clock.js';
import { ResponseClock } from './modules/responses/clock.js';
import { DocumentNotifier } from './modules/notifications/watch.js';
import { createRoutingService } from './modules/routing/service.js';
import { createPromiseGuard } from './modules/expectations/guard.js';
import { createPlanPromiseLines } from './modules/expectations/plan-lines.js';
import { createExpectationProjector } from './modules/expectations/projection.js';
import { createGuestPromiseMailer } from './modules/expectations/guest-mail.js';
import { MilestoneClock, createMilestoneProjector } from './modules/expectations/milestones.js';
import { createExpectationsService } from './modules/expectations/service.js';
import { createAccountsService } from './modules/contacts/accounts.js';
import { createContactsService } from './modules/contacts/service.js';
import { createSavedFiltersService } from './modules/contacts/saved-filters.js';
import { createStakeholdersService } from './modules/contacts/stakeholders.js';
import { SharedFieldsMirror } from './modules/cases/shared-fields.js';
import { createDashboardService } from './modules/dashboard/service.js';
import { createAuditService } from './modules/audit/service.js';
import { createDigestPrefsService } from './modules/digest/prefs.js';
import { DigestScheduler } from './modules/digest/service.js';
import { NotificationFeed } from './modules/notifications/feed.js';
import { createNotificationsService } from './modules/notifications/service.js';
import { createWorkspacesService } from './modules/workspaces/service.js';
import { createTransferService } from './modules/transfer/service.js';
import { PdfExtractor } from './modules/files/extract.js';
import { createFilesService, registerFileJobs } from './modules/files/service.js';
import { JobRunner } from './jobs/runner.js';
import { jobPruning } from './jobs/prune.js';
import { sessionCleanup } from './modules/auth/cleanup.js';
import { createMetrics } from './modules/metrics/service.js';
import { registerDeliveryJob } from './modules/webhooks/deliver.js';
import { pruneDeliveries } from './modules/webhooks/repo.js';
import { createWebhooksService } from './modules/webhooks/service.js';
import { createMailboxSender } from './modules/mailboxes/sender.js';
import { createMailboxesService, imapServerOf, mailboxSecrets } from './modules/mailboxes/service.js';
import { MailboxSupervisor, supervisorOptions } from './modules/mailboxes/supervisor.js';
import { loadSecretKey, SecretBox } from './lib/secret-box.js';
import { FsBlobStore, s3BlobStore, type BlobStore } from './storage/blobs.js';
import { openDatabase, type Database } from './storage/db.js';
import { LocalBus, RedisBus, type DocBus } from './sync/bus.js';
import { RoomManager } from './sync/rooms.js';
import { VersionRecorder } from './modules/history/capture.js';
import { createHistoryService } from './modules/history/service.js';
import { createSyncEndpoint } from './sync/upgrade.js';
import { createSavedRepliesService } from './modules/saved-replies/service.js';
import { createVisitsService } from './modules/visits/service.js';
import { createSwarmService } from './modules/swarm/service.js';
import { createPlanTemplatesService } from './modules/plan-templates/service.js';
import { createBusinessHoursService } from './modules/business-hours/service.js';
import { createPipelinesService } from './modules/pipelines/service.js';
import { createCustomFieldsService } from './modules/custom-fields/service.js';
import { listSharedCustomFieldsOfCase } from './modules/custom-fields/repo.js';
import { createMergeService } from './modules/merge/service.js';
import { createSavedViewsService } from './modules/views/service.js';

export type RunningServer = {
  url: string;
  port: number;
  http: Server;
  database: Database;
  rooms: RoomManager;
  log: Logger;
  jobs: JobRunner;
  blobs: BlobStore;
  activity: ReturnType<typeof createActivityService>;
  expectationClock: ExpectationClock;
  responses: ResponseClock;
  digests: DigestScheduler;
  bus: DocBus;
  emails: EmailService;
  auth: AuthService;
  cases: CasesService;
  /** The inbound SMTP port actually bound (SMTP_PORT=0 picks one). */
  smtpPort: number;
  /** Every HTTP route mounted, as Hono lists them (the OpenAPI coverage test reads it). */
  routes: { method: string; path: string }[];
  /** Stops accepting, drains pending writes, closes sockets and the database. */
  close(): Promise<void>;
};

/**
 * [issue 20.11] How long a client may take to send a request: a peer that
 * trickles its headers or body is answered 408 and dropped instead of holding
 * a connection for minutes. Node checks these every connectionsCheckingInterval,
 * so that follows the headers timeout. WebSocket upgrades leave the HTTP parser
 * and these timers once upgraded; SSE and downloads are responses, not requests.
 */
function httpServerOptions(config: Config) {
  const { headersTimeoutMs, requestTimeoutMs } = config.limits;
  return {
    headersTimeout: Math.min(headersTimeoutMs, requestTimeoutMs),
    requestTimeout: requestTimeoutMs,
    connectionsCheckingInterval: Math.max(250, Math.min(5_000, Math.floor(Math.min(headersTimeoutMs, requestTimeoutMs) / 4))),
    // An idle keep-alive connection stays open 65 s (Node's default is 5 s): longer than a reverse
    // proxy's or a client's own idle timeout (nginx and undici keep them ~60 s and ~4 s), so the
    // server never closes a connection just as the other side sends a request on it, which the
    // other side sees as a reset (a request lost mid-upload under load, seen in the test suite).
    keepAliveTimeout: 65_000,
  };
}

/**
 * An answer given before the request's body arrived in full (a refusal
 * before an upload is read: 401, 403, 409, 413) says `Connection: close`.
 * Otherwise the client may send its next request on a connection whose
 * unread bytes Node is still discarding, or has given up on and closed: that
 * request fails with a reset (an archive upload did, in the full suite).
 */
function closeIfBodyUnread(req: IncomingMessage, res: ServerResponse): void {
  const writeHead = res.writeHead.bind(res);
  res.writeHead = ((...args: Parameters<ServerResponse['writeHead']>) => {
    const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
    if (hasBody && !req.complete && !res.headersSent) res.setHeader('connection', 'close');
    return writeHead(...args);
  }) as ServerResponse['writeHead'];
}

/** The composition root: config → database → services → HTTP + sync. */
export type ServerOptions = {
  /** The clock expectations, digests and the dashboard go by; tests pass a controllable one. */
  now?: () => Date;
  /** DNS for the inbound SMTP server's SPF, DKIM and DMARC checks (issue 13.7); tests pass a table. */
  dnsResolver?: DNSResolver;
};

export async function startServer(config: Config, log: Logger = pino({ level: config.logLevel }), options: ServerOptions = {}): Promise<RunningServer> {
  const now = options.now ?? (() => new Date());
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const { db } = database;
  const redis = config.redisUrl ? { url: config.redisUrl, cluster: config.redisCluster } : undefined;
  const bus: DocBus = redis ? await RedisBus.connect(redis, log) : new LocalBus();
  const rooms = new RoomManager({
    db,
    log,
    bus,
    unloadGraceMs: config.docUnloadGraceMs,
    compactAfterUpdates: config.compactAfterUpdates,
    limits: { maxBufferedBytes: config.maxBufferedBytes, maxDocBytes: config.maxDocBytes },
    logStore: database.log,
  });
  const projector = new CaseProjector(db, log);
  rooms.use(projector);
  // history module: versions of the plan and note bodies, every VERSION_INTERVAL_SECONDS of activity and at session end
  const versions = new VersionRecorder(db, log, { intervalMs: config.versionIntervalMs });
  rooms.use(versions);
  // notifications module: @mentions and guests' writing, seen as they arrive
  rooms.use(new DocumentNotifier(db, log));
  const activityProjector = createActivityProjector(db, log);
  rooms.use(activityProjector);
  rooms.use(createAuthorship({ rooms, log }));
  const activity = createActivityService({ rooms, projector: activityProjector, log });
  activity.onAdded(momentsOfTruth({ db, rooms }));
  const blobs: BlobStore = config.s3 ? await s3BlobStore(config.s3) : new FsBlobStore(path.join(config.dataDir, 'blobs'));
  const jobs = new JobRunner(db, log);
  // metrics and webhooks (issue 16.1, 16.4): deliveries have a runner of their own, so slow receivers never hold up other jobs
  const metrics = createMetrics({ db, rooms, bus, log });
  const webhookJobs = new JobRunner(db, log, { concurrency: 8, pollMs: 500, leaseMs: 60_000 });
  registerDeliveryJob(webhookJobs, { db, log, allowPrivate: config.webhookAllowPrivate, onAttempt: metrics.webhookAttempt });
  const webhooks = createWebhooksService({ db, allowPrivate: config.webhookAllowPrivate });
  const pruning = jobPruning({ db, jobs, now: () => new Date() }, { retentionMs: config.jobRetentionMs }, [(before) => pruneDeliveries(db, before)]);
  // Sessions past their 30 days or idle for a week, hourly (issue 19.5).
  const sessionsCleanup = sessionCleanup({ db, jobs, now: () => new Date() });
  const search = createPgSearch(db);
  // files module (wired by modules/files)
  const pdfExtractor = new PdfExtractor();
  registerFileJobs(jobs, { db, blobs, extractor: pdfExtractor });
  // email module (wired by modules/email)
  const emailParser = new EmailParser();
  // Secrets at rest (mailbox passwords, TOTP secrets) are sealed under SECRET_KEY.
  const secretBox = new SecretBox(await loadSecretKey(config));
  const twoFactor = createTwoFactorService({ db, rooms, box: secretBox });
  // Sign-in, sign-up, reset and invite limits count across nodes when they share Redis (issue 14.5).
  const limits = redis ? await redisLimits(redis, log) : nodeLocalLimits;
  const auth = createAuthService({ db, rooms, twoFactor, limits, signupsPerHour: config.limits.signupsPerHour, signup: config.signup });
  const cases = createCasesService({ db, rooms, projector });
  const visits = createVisitsService({ db, cases });
  const files = createFilesService({ db, blobs, activity, cases, jobs, visits });
  const systemMail = createSystemMailer({ smtpUrl: config.smtpUrl, mailDomain: config.mailDomain, log });
  const invites = createInvitesService({ db, auth, cases, limits, mailer: createInviteMailer(systemMail) });
  const oidc = createOidcService({ db, config, auth, invites, log });
  const resets = createPasswordResetService({ db, rooms, mailer: systemMail, log, limits });
  const sharing = createSharingService({ db, rooms, cases, projector: activityProjector });
  const entries = createEntriesService({ db, rooms, cases, activity, sharing, projector: activityProjector });
  const workspaces = createWorkspacesService({ db, rooms });
  const mirror = new SharedFieldsMirror(rooms, log, (caseId) => listSharedCustomFieldsOfCase(db, caseId));
  rooms.use(mirror);
  // Guests hear of their own promises by email when outbound mail is configured (issue 15.1).
  const guestMail = createGuestPromiseMailer({ db, mailer: systemMail, publicUrl: config.publicUrl, log });
  const expectationProjector = createExpectationProjector(db, log, () => expectationClock.poke(), {
    onOwnerNamed: (named) => void guestMail.tell({ ...named, what: 'owner' }),
  });
  // The mutual plan's milestones come due on the same clock (issue 15.1).
  const milestoneProjector = createMilestoneProjector(db, log, () => expectationClock.poke());
  const expectationClock = new ExpectationClock(
    {
      db,
      log,
      rooms,
      activity,
      jobs,
      now,
      flushProjection: (name) => expectationProjector.flushDoc(name),
      guestMail,
      milestones: new MilestoneClock({ db, log, rooms, activity }),
    },
    { atRiskMs: config.expectationAtRiskMs, tickMs: config.expectationTickMs },
  );
  rooms.use(expectationProjector);
  rooms.use(milestoneProjector);
  // What guests write into promises is theirs (customer promises) only (issue 20.11).
  rooms.use(createPromiseGuard({ rooms, log }));
  // A promise ticked off in the plan (over /sync) gets the stream line the Promises panel's HTTP path writes.
  rooms.use(createPlanPromiseLines({ db, activity, log, now }));
  // The first-response clock ticks as often as the expectation clock.
  const responses = new ResponseClock({ db, log, rooms, activity, jobs, now }, { tickMs: config.expectationTickMs });
  activity.onAdded(responses.onActivity);
  // mailboxes module (issue 13): passwords sealed with SECRET_KEY; IMAP in through the email pipeline, SMTP out
  const secrets = mailboxSecrets(secretBox);
  const mailboxSender = createMailboxSender({ db, secrets, allowPrivate: config.mailboxes.allowPrivate, log });
  const emails = createEmailService({ db, log, config, blobs, activity, cases, jobs, parser: emailParser, responses, mailboxSender, visits });
  const mailboxSync = new MailboxSupervisor(
    {
      db,
      log,
      ingest: emails.ingest,
      mailDomain: config.mailDomain,
      settings: { ...config.mailboxes, maxMessageBytes: config.maxUploadBytes },
      imapOf: imapServerOf(secrets),
    },
    supervisorOptions(config.mailboxes.leaseMs),
  );
  const mailboxes = createMailboxesService({
    db,
    secrets,
    settings: config.mailboxes,
    onCreated: () => mailboxSync.poke(),
    onRemoved: (id) => mailboxSync.forget(id),
  });
  const expectations = createExpectationsService({ db, rooms, cases, activity, projector: expectationProjector, now });
  const history = createHistoryService({ db, cases, rooms, versions });
  const contacts = {
    accounts: createAccountsService({ db, cases }),
    contacts: createContactsService({ db }),
    stakeholders: createStakeholdersService({ db, cases }),
    savedFilters: createSavedFiltersService({ db }),
  };
  const dashboard = createDashboardService({ db, now });
  const notificationFeed = new NotificationFeed(db, log, undefined, config.limits.streamsPerUser);
  const digests = new DigestScheduler(
    { db, log, jobs, now, smtpUrl: config.smtpUrl, mailDomain: config.mailDomain, publicUrl: config.publicUrl, visits },
    { tickMs: config.digestTickMs },
  );
  // transfer module: full export and import of a workspace (issue 16.3)
  const transfer = createTransferService({
    db,
    blobs,
    log,
    tempDir: path.join(config.dataDir, 'tmp'),
    limits: { maxDocBytes: config.maxDocBytes, maxBlobBytes: config.maxImportBytes },
  });
  const app = createApp({
    config,
    log,
    dbKind: database.kind,
    ping: database.ping,
    digestPrefs: createDigestPrefsService(db),
    audit: createAuditService(db),
    auth,
    resets,
    twoFactor,
    oidc,
    cases,
    invites,
    search,
    sharing,
    entries,
    workspaces,
    files,
    emails,
    expectations,
    history,
    contacts,
    routing: createRoutingService(db),
    dashboard,
    notifications: createNotificationsService(db),
    notificationFeed,
    transfer,
    csv: createCsvService({ db, contacts: contacts.contacts, accounts: contacts.accounts, cases }),
    webhooks,
    mailboxes,
    savedReplies: createSavedRepliesService({ db }),
    visits,
    swarm: createSwarmService({ db, cases }),
    planTemplates: createPlanTemplatesService({ db, rooms, cases, activity, projector: expectationProjector, now }),
    businessHours: createBusinessHoursService({ db }),
    pipelines: createPipelinesService({ db, moveStage: (caseId, from, to) => cases.moveStage(caseId, from, to) }),
    customFields: createCustomFieldsService({ db, remirror: (caseId) => mirror.mirrorCase(caseId) }),
    merge: createMergeService({ db, rooms, cases, projectors: [activityProjector, expectationProjector], now }),
    views: createSavedViewsService({ db }),
    metrics,
  });
  const sync = createSyncEndpoint({ config, log, gate: createSyncGate({ auth, cases }), rooms });

  const smtp = await startSmtpInbound({
    port: config.smtpPort,
    host: config.host,
    maxBytes: config.maxUploadBytes,
    maxRecipients: config.limits.smtpRecipients,
    mailDomain: config.mailDomain,
    db,
    ingest: emails.ingest,
    log,
    ...(options.dnsResolver && { resolver: options.dnsResolver }),
  });
  // [issue 18] One request before the port opens: the router builds its tables and the health path its
  // code on the first request, which a reconnect storm's first second otherwise waited on (94 ms on PGlite).
  await app.request('/api/health');
  const listener = getRequestListener(app.fetch);
  const http = createHttpServer(httpServerOptions(config), (req, res) => {
    closeIfBodyUnread(req, res);
    // Fire and forget, as Node's server wants: the listener answers every error itself (500), it never rejects.
    void listener(req, res);
  });
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
  webhookJobs.start();
  await pruning.start();
  await sessionsCleanup.start();
  await expectationClock.start();
  await responses.start();
  await digests.start();
  mailboxSync.start();

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      http.close();
      notificationFeed.close();
      sync.close();
      await smtp.close();
      await mailboxSync.close();
      await jobs.stop();
      await webhookJobs.stop();
      await pdfExtractor.close();
      // [S16] Every sync extension (projections, mirror, versions) is flushed inside.
      await rooms.shutdown();
      http.closeAllConnections();
      await emailParser.close();
      await bus.close();
      await limits.close();
      await database.close();
    })());

  return {
    url,
    port,
    http,
    database,
    rooms,
    log,
    jobs,
    blobs,
    activity,
    expectationClock,
    responses,
    digests,
    bus,
    emails,
    auth,
    cases,
    smtpPort: smtp.port,
    routes: app.routes.map(({ method, path }) => ({ method, path })),
    close,
  };
}
