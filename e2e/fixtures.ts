import { test as base, expect, type APIRequestContext, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { CaseListPage } from './pages/CaseListPage';
import { CasePage } from './pages/CasePage';

export interface Person {
  name: string;
  email: string;
  password: string;
}

export interface SignedIn {
  person: Person;
  context: BrowserContext;
  page: Page;
}

export interface Team {
  workspaceName: string;
  a: SignedIn;
  b: SignedIn;
}

let counter = 0;
/** Unique per run and per call, so tests never collide on an email. */
export function uniqueTag(): string {
  counter += 1;
  return `${Date.now().toString(36)}${counter}${Math.random().toString(36).slice(2, 6)}`;
}

export function makePerson(first: string, tag = uniqueTag()): Person {
  return { name: `${first} Tester`, email: `${first.toLowerCase()}-${tag}@example.test`, password: `correct horse ${tag}` };
}

/**
 * Cookie-authenticated writes must carry the app's Origin (cross-site
 * protection); a browser adds it by itself, the API client here must say it.
 */
async function post(request: APIRequestContext, baseURL: string, path: string, data: unknown): Promise<unknown> {
  const res = await request.post(path, { data, headers: { origin: baseURL } });
  expect(res.ok(), `POST ${path} answered ${res.status()}: ${await res.text()}`).toBe(true);
  return res.json();
}

/** The app's address: the Origin a cookie-authenticated write from a test must carry. */
export function appOrigin(): string {
  return base.info().project.use.baseURL ?? '';
}

export interface NewCase {
  title: string;
  /** A deal unless said. */
  kind?: 'deal' | 'support';
  [field: string]: unknown;
}

/**
 * A case made through the API by `who`, for specs about something else (making
 * one in the UI has its own specs); its id. A refusal fails the test with the
 * server's answer.
 */
export async function createCase(who: { context: BrowserContext }, data: NewCase): Promise<string> {
  const res = await who.context.request.post('/api/cases', { data: { kind: 'deal', ...data }, headers: { origin: appOrigin() } });
  expect(res.status(), `POST /api/cases answered ${res.status()}: ${await res.text()}`).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

/** A text file added to a case through the API by `who`: its file and stream entry. */
export async function uploadTextFile(
  who: { context: BrowserContext },
  caseId: string,
  name: string,
  text: string,
): Promise<{ fileId: string; activityId: string }> {
  const res = await who.context.request.post(`/api/cases/${caseId}/files`, {
    multipart: { file: { name, mimeType: 'text/plain', buffer: Buffer.from(text) } },
    headers: { origin: appOrigin() },
  });
  expect(res.status(), `POST /api/cases/${caseId}/files answered ${res.status()}: ${await res.text()}`).toBe(201);
  return (await res.json()) as { fileId: string; activityId: string };
}

/**
 * A makes a case from the case list, as a person does, and has it open live;
 * then B opens it too. The pages are returned for the test to go on with.
 */
export async function caseOpenForBoth(team: Team, title: string, kind?: 'deal' | 'support') {
  const listA = new CaseListPage(team.a.page);
  const caseA = new CasePage(team.a.page);
  const caseB = new CasePage(team.b.page);
  await listA.goto();
  const caseId = await listA.createCase(title, kind);
  await caseA.waitUntilLive();
  await caseB.goto(caseId);
  return { caseId, listA, caseA, caseB };
}

async function newSignedInContext(browser: Browser, baseURL: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  return { context, page };
}

/**
 * Two people in one workspace, each in their own browser context: A signs
 * up, invites B as a member, and B accepts. Done through the API (the UI
 * flows have their own specs) so the real tests start fast.
 */
export const test = base.extend<{ team: Team; cspGuard: void }>({
  /**
   * [issue 14.6] Every page of every test runs under the server's content
   * security policy; a violation anywhere (a blocked script, style, image,
   * socket or frame) fails the test that caused it. Each context the test
   * opens reports the page's `securitypolicyviolation` events. Each also
   * takes the test's `serviceWorkers` option: blocked unless a spec allows
   * them (the offline reload's), so no test waits on the worker's first
   * download of the build.
   */
  cspGuard: [
    async ({ browser, serviceWorkers }, use) => {
      const violations: string[] = [];
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (options) => {
        const context = await newContext({ serviceWorkers, ...options });
        await context.addInitScript(() => {
          document.addEventListener('securitypolicyviolation', (e) => {
            console.error(`CSP violation: ${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`);
          });
        });
        context.on('console', (message) => {
          if (message.text().startsWith('CSP violation:')) violations.push(message.text());
        });
        return context;
      };
      await use();
      browser.newContext = newContext;
      expect(violations, 'content security policy violations').toEqual([]);
    },
    { auto: true },
  ],

  team: async ({ browser, baseURL }, use) => {
    if (!baseURL) throw new Error('baseURL is not configured');
    const tag = uniqueTag();
    const workspaceName = `Acme ${tag}`;
    const alice = makePerson('Alice', tag);
    const bob = makePerson('Bob', tag);

    const a = await newSignedInContext(browser, baseURL);
    await post(a.context.request, baseURL, '/api/auth/signup', { ...alice, workspaceName });
    const invite = (await post(a.context.request, baseURL, '/api/invites', { email: bob.email, role: 'member' })) as { token: string };

    const b = await newSignedInContext(browser, baseURL);
    await post(b.context.request, baseURL, `/api/invites/${invite.token}/accept`, { name: bob.name, password: bob.password });

    await use({ workspaceName, a: { person: alice, ...a }, b: { person: bob, ...b } });

    await a.context.close();
    await b.context.close();
  },
});

export { expect };
