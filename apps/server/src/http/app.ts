import { existsSync } from 'node:fs';
import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { authRoutes } from '../modules/auth/routes.js';
import type { OidcService } from '../modules/auth/oidc.js';
import type { TwoFactorService } from '../modules/auth/two-factor.js';
import type { AuthService } from '../modules/auth/service.js';
import type { PasswordResetService } from '../modules/auth/password-reset.js';
import { caseRoutes } from '../modules/cases/routes.js';
import type { CasesService } from '../modules/cases/service.js';
import { inviteRoutes } from '../modules/invites/routes.js';
import type { InvitesService } from '../modules/invites/service.js';
import { emailRoutes } from '../modules/email/routes.js';
import type { EmailService } from '../modules/email/service.js';
import { fileRoutes } from '../modules/files/routes.js';
import type { FilesService } from '../modules/files/service.js';
import { searchRoutes } from '../modules/search/routes.js';
import { activityRoutes } from '../modules/activity/routes.js';
import type { EntriesService } from '../modules/activity/entries.js';
import type { SharingService } from '../modules/activity/sharing.js';
import { auditRoutes } from '../modules/audit/routes.js';
import type { AuditService } from '../modules/audit/service.js';
import { historyRoutes } from '../modules/history/routes.js';
import type { HistoryService } from '../modules/history/service.js';
import { notificationRoutes } from '../modules/notifications/routes.js';
import type { NotificationsService } from '../modules/notifications/service.js';
import type { NotificationFeed } from '../modules/notifications/feed.js';
import { dashboardRoutes } from '../modules/dashboard/routes.js';
import type { DashboardService } from '../modules/dashboard/service.js';
import { digestRoutes } from '../modules/digest/routes.js';
import type { DigestPrefsService } from '../modules/digest/prefs.js';
import { expectationRoutes } from '../modules/expectations/routes.js';
import type { ExpectationsService } from '../modules/expectations/service.js';
import { routingRoutes } from '../modules/routing/routes.js';
import { businessHoursRoutes } from '../modules/business-hours/routes.js';
import type { BusinessHoursService } from '../modules/business-hours/service.js';
import { pipelineRoutes } from '../modules/pipelines/routes.js';
import { mergeRoutes } from '../modules/merge/routes.js';
import type { MergeService } from '../modules/merge/service.js';
import { viewRoutes } from '../modules/views/routes.js';
import type { SavedViewsService } from '../modules/views/service.js';
import type { PipelinesService } from '../modules/pipelines/service.js';
import { customFieldRoutes } from '../modules/custom-fields/routes.js';
import type { CustomFieldsService } from '../modules/custom-fields/service.js';
import type { RoutingService } from '../modules/routing/service.js';
import { contactRoutes, type ContactServices } from '../modules/contacts/routes.js';
import { workspaceRoutes } from '../modules/workspaces/routes.js';
import type { WorkspacesService } from '../modules/workspaces/service.js';
import type { SearchService } from '../modules/search/service.js';
import { transferRoutes } from '../modules/transfer/routes.js';
import type { TransferService } from '../modules/transfer/service.js';
import { metricsRoutes, requestMetrics } from '../modules/metrics/routes.js';
import type { Metrics } from '../modules/metrics/service.js';
import { webhookRoutes } from '../modules/webhooks/routes.js';
import type { WebhooksService } from '../modules/webhooks/service.js';
import { mailboxRoutes } from '../modules/mailboxes/routes.js';
import type { MailboxesService } from '../modules/mailboxes/service.js';
import type { AppEnv } from './context.js';
import { AppError } from '../errors.js';
import { errorBody, respondError } from './errors.js';
import { csrfGuard, declaredAccess, requestContext, resolveActor } from './middleware.js';
import { routes } from './endpoint.js';
import { docsRoutes } from './docs.js';
import { openApiDocument } from './openapi.js';
import { securityHeaders } from './security-headers.js';
import { csvRoutes } from '../modules/csv/routes.js';
import { savedReplyRoutes } from '../modules/saved-replies/routes.js';
import type { SavedRepliesService } from '../modules/saved-replies/service.js';
import { visitRoutes } from '../modules/visits/routes.js';
import type { VisitsService } from '../modules/visits/service.js';
import { swarmRoutes } from '../modules/swarm/routes.js';
import type { SwarmService } from '../modules/swarm/service.js';
import { planTemplateRoutes } from '../modules/plan-templates/routes.js';
import type { PlanTemplatesService } from '../modules/plan-templates/service.js';
import type { CsvService } from '../modules/csv/service.js';

export type AppServices = {
  config: Config;
  log: Logger;
  dbKind: string;
  /** The database answers (its own connection on PostgreSQL: storage/db.ts). */
  ping: () => Promise<void>;
  auth: AuthService;
  resets: PasswordResetService;
  twoFactor: TwoFactorService;
  oidc: OidcService;
  cases: CasesService;
  invites: InvitesService;
  search: SearchService;
  sharing: SharingService;
  entries: EntriesService;
  workspaces: WorkspacesService;
  expectations: ExpectationsService;
  routing: RoutingService;
  files: FilesService;
  emails: EmailService;
  history: HistoryService;
  contacts: ContactServices;
  digestPrefs: DigestPrefsService;
  audit: AuditService;
  dashboard: DashboardService;
  notifications: NotificationsService;
  notificationFeed: NotificationFeed;
  transfer: TransferService;
  csv: CsvService;
  webhooks: WebhooksService;
  mailboxes: MailboxesService;
  savedReplies: SavedRepliesService;
  visits: VisitsService;
  swarm: SwarmService;
  planTemplates: PlanTemplatesService;
  businessHours: BusinessHoursService;
  pipelines: PipelinesService;
  customFields: CustomFieldsService;
  merge: MergeService;
  views: SavedViewsService;
  metrics: Metrics;
};

/** Largest request body over HTTP; uploads get their own limit with their endpoints. */
const maxBodyBytes = 1024 * 1024;

export function createApp(s: AppServices) {
  const api = new Hono<AppEnv>();
  declaredAccess(api, '/api');
  api
    .route(
      '/',
      routes((on) => {
        on('GET /api/health', async (c) => {
          try {
            await s.ping();
          } catch {
            return c.json(errorBody('unavailable', 'The database does not answer'), 503);
          }
          return c.json({ ok: true as const, db: s.dbKind });
        });
        on('GET /api/openapi.json', (c) => c.json(openApiDocument()));
      }),
    )
    .route('/', docsRoutes())
    .route('/', authRoutes({ auth: s.auth, resets: s.resets, twoFactor: s.twoFactor, oidc: s.oidc, config: s.config }))
    .route('/', inviteRoutes({ invites: s.invites, config: s.config }))
    .route('/', caseRoutes(s.cases))
    .route('/', searchRoutes(s.search))
    .route('/', activityRoutes({ sharing: s.sharing, entries: s.entries }))
    .route('/', workspaceRoutes(s.workspaces))
    .route('/', auditRoutes(s.audit))
    .route('/', notificationRoutes(s.notifications, s.notificationFeed))
    .route('/', dashboardRoutes(s.dashboard))
    .route('/', digestRoutes(s.digestPrefs))
    .route('/', expectationRoutes(s.expectations))
    .route('/', routingRoutes(s.routing));
  // files routes (modules/files/routes.ts) are mounted here
  api.route('/', fileRoutes(s.files));
  // email routes (modules/email/routes.ts) are mounted here
  api.route('/', emailRoutes(s.emails));
  // history routes (modules/history/routes.ts): versions of the plan and notes
  api.route('/', historyRoutes(s.history));
  // contacts and accounts (modules/contacts/routes.ts): members only, with each case's stakeholder map
  api.route('/', contactRoutes(s.contacts));
  // full export and import of the workspace (modules/transfer): owner only
  api.route('/', transferRoutes(s.transfer));
  // CSV import and export of contacts, accounts and cases (modules/csv): members
  api.route('/', csvRoutes(s.csv));
  // webhooks (modules/webhooks): owners and admins
  api.route('/', webhookRoutes(s.webhooks));
  // connected mailboxes (modules/mailboxes): owners and admins
  api.route('/', mailboxRoutes(s.mailboxes));
  // saved replies for the composer (modules/saved-replies): members
  api.route('/', savedReplyRoutes(s.savedReplies));
  // visits (modules/visits): since you were last here, and who opened what
  api.route('/', visitRoutes(s.visits));
  // swarming on a moment of truth (modules/swarm): members
  api.route('/', swarmRoutes(s.swarm));
  // plan templates (modules/plan-templates): members read and apply, owners and admins write
  api.route('/', planTemplateRoutes(s.planTemplates));
  // business hours (modules/business-hours): members read, owners and admins change
  api.route('/', businessHoursRoutes(s.businessHours));
  // pipelines (modules/pipelines): members read each kind's stages, owners and admins change them
  api.route('/', pipelineRoutes(s.pipelines));
  // custom fields (modules/custom-fields): members read each kind's definitions, owners and admins change them
  api.route('/', customFieldRoutes(s.customFields));
  // merge and split (modules/merge, issue 17.5): editors of every case touched, never guests
  api.route('/', mergeRoutes(s.merge));
  // saved views of cases (modules/views): members; personal, or shared with the workspace
  api.route('/', viewRoutes(s.views));

  const app = new Hono<AppEnv>();
  app.use('*', requestContext(s.log));
  app.use('*', requestMetrics(s.metrics));
  // Every answer (JSON, file bytes, the web app, errors); a header a route set itself stays.
  app.use('*', securityHeaders(s.config));
  const jsonLimit = bodyLimit({
    maxSize: maxBodyBytes,
    onError: () => {
      throw new AppError('payload_too_large', `Request bodies are limited to ${maxBodyBytes} bytes`);
    },
  });
  const uploadLimit = bodyLimit({
    maxSize: s.config.maxUploadBytes,
    onError: () => {
      throw new AppError('payload_too_large', `Uploads are limited to ${Math.round(s.config.maxUploadBytes / 1048576)} MB (MAX_UPLOAD_MB)`);
    },
  });
  const importLimit = bodyLimit({
    maxSize: s.config.maxImportBytes,
    onError: () => {
      throw new AppError('payload_too_large', `Imported archives are limited to ${Math.round(s.config.maxImportBytes / 1048576)} MB (MAX_IMPORT_MB)`);
    },
  });
  app.use('/api/*', (c, next) => (c.req.path === '/api/import' ? importLimit(c, next) : isUploadPath(c.req.path) ? uploadLimit(c, next) : jsonLimit(c, next)));
  app.use('/api/*', csrfGuard(s.config));
  app.use('/api/*', resolveActor(s.auth));
  app.route('/api', api);
  app.all('/api/*', (c) => c.json(errorBody('not_found', `No route ${c.req.method} ${c.req.path}`), 404));

  // GET /metrics (modules/metrics): Prometheus text, Bearer METRICS_TOKEN when set
  app.route('/', metricsRoutes(s.metrics, s.config.metricsToken));

  serveWebApp(app, s.config.webDist);

  app.onError((err, c) => {
    if (err instanceof AppError) return respondError(c, err);
    if (clientWentAway(err, c.req.raw)) {
      // [issue 20.11] Not our failure: the peer hung up mid-body, or trickled it past
      // HTTP_REQUEST_TIMEOUT_SECONDS and Node answered 408 and closed. Nobody reads this answer.
      c.get('log').warn({ reason: err instanceof Error ? err.message : String(err) }, 'client went away before its request arrived in full');
      return c.json(errorBody('bad_request', 'The request did not arrive in full'), 400);
    }
    c.get('log').error({ err }, 'unhandled error');
    return c.json(errorBody('internal', 'Something went wrong on our side; it has been logged'), 500);
  });
  return app;
}

/**
 * A request body that broke off: Node's IncomingMessage errors with
 * "aborted" (ECONNRESET) when the socket closes mid-body, and
 * @hono/node-server aborts the request's signal once the connection is gone.
 */
function clientWentAway(err: unknown, request: Request): boolean {
  const code = err instanceof Error && 'code' in err ? err.code : undefined;
  const aborted = err instanceof Error && err.message === 'aborted' && code === 'ECONNRESET';
  return aborted || (request.signal.aborted && err instanceof Error && (err.name === 'AbortError' || code === 'ERR_STREAM_PREMATURE_CLOSE'));
}

/** Endpoints that take files or raw messages get MAX_UPLOAD_MB instead of the JSON limit. */
const uploadPath = /^\/api\/(cases\/[^/]+\/(files|emails)(\/import)?|triage\/emails|csv\/[a-z]+\/(preview|import))$/;
export const isUploadPath = (path: string): boolean => uploadPath.test(path);

/** The built web app, with index.html for every client-side route. */
function serveWebApp(app: Hono<AppEnv>, webDist: string): void {
  const index = path.join(webDist, 'index.html');
  if (!existsSync(index)) {
    app.get('*', (c) => c.text('The web app is not built. Run `pnpm build`, or use `pnpm dev` for development.', 503));
    return;
  }
  const root = path.relative(process.cwd(), webDist) || '.';
  // How long a browser may keep what it gets, decided in one place for every file of the app:
  // - under /assets/, Vite names each file by a hash of its content: kept for good, so a page load
  //   neither fetches nor compiles the app's script again (about 870 KB on a case page); only what
  //   was found, a missing file must not be remembered;
  // - the page (index.html, under any path) and the service worker name the current build: checked
  //   on every load, so a new build reaches every browser at its next load (issue 17.7).
  app.use('*', async (c, next) => {
    await next();
    if (c.req.path.startsWith('/assets/')) {
      if (c.res.status === 200) c.header('cache-control', 'public, max-age=31536000, immutable');
    } else if (c.req.path === '/sw.js' || c.res.headers.get('content-type')?.startsWith('text/html')) {
      c.header('cache-control', 'no-cache');
    }
  });
  app.use('/assets/*', serveStatic({ root }));
  // A missing asset (a page of an older build asking for its chunk) is a 404, not the app's page.
  app.get('/assets/*', (c) => c.text('Not found', 404));
  app.use('*', serveStatic({ root }));
  app.get('*', serveStatic({ path: path.relative(process.cwd(), index) }));
}
