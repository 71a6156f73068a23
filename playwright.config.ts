import { defineConfig } from '@playwright/test';

// E2E_PORT lets two checkouts run the suite side by side.
const port = Number(process.env.E2E_PORT ?? 4319);
const baseURL = `http://localhost:${port}`;

/**
 * End-to-end suite: the real server on a fresh temporary data directory,
 * serving the built web app (run `pnpm build` first; `pnpm e2e` does).
 * Debian's Chromium is used; Playwright never downloads a browser here.
 */
export default defineConfig({
  testDir: 'e2e',
  outputDir: 'e2e/artifacts/test-results',
  // Spec files two at a time, their tests in order: every test signs up its own people and
  // workspace, so files share the server without sharing data. Two runs of the whole suite:
  // 5.8 and 6.3 min, against 7.1 and 7.4 with one worker.
  fullyParallel: false,
  workers: 2,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [
    ['list'],
    ['json', { outputFile: 'test-results/playwright.json' }],
    ...(process.env.CI ? ([['html', { outputFolder: 'e2e/artifacts/report', open: 'never' }]] as const) : []),
  ],
  use: {
    baseURL,
    screenshot: 'only-on-failure',
    // The service worker is the offline reload's to test (e2e/offline-reload.spec.ts allows it).
    serviceWorkers: 'block',
    // Recording a trace of every test costs about a fifth of the suite's time: E2E_TRACE=1 keeps those of failed tests.
    trace: process.env.E2E_TRACE ? 'retain-on-failure' : 'off',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  webServer: {
    command: 'node e2e/start-server.mjs',
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    stderr: 'pipe',
    // A small upload limit, so the 413 path is tested without megabytes of fixtures.
    env: {
      PORT: String(port),
      PUBLIC_URL: baseURL,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      MAX_UPLOAD_MB: '2',
      // Promises move on fast here (e2e/expectations.spec.ts): a tick every second, at risk 7 s before due.
      EXPECTATION_TICK_SECONDS: '1',
      EXPECTATION_AT_RISK_HOURS: '0.002',
      // Small, so e2e/limits.spec.ts reaches it with one paste (no other test comes near).
      MAX_DOC_BYTES: '262144',
      // Every test signs up its own people, all from 127.0.0.1.
      SIGNUPS_PER_HOUR: '1000000',
      // e2e/webhooks.spec.ts's receiver runs on 127.0.0.1.
      WEBHOOK_ALLOW_PRIVATE: 'true',
      // e2e/triage.spec.ts sends mail to the built-in SMTP server: a port of its own for each E2E_PORT.
      SMTP_PORT: String(port + 1000),
    },
  },
});
