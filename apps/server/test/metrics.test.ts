import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { featureBackends, connect, createCase, signUp, startTestServer, synced, type TestEnv } from './helpers.js';

type Sample = { name: string; labels: Record<string, string>; value: number };
type Family = { name: string; type: string; help: string; samples: Sample[] };

/**
 * A strict reader of the Prometheus text exposition format (0.0.4): every
 * line is a HELP, a TYPE or a sample of a family declared before it; label
 * values are quoted with the format's escapes; values are floats, +Inf, -Inf
 * or NaN. Throws on the first line that is not.
 */
function parsePrometheus(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  const name = '[a-zA-Z_:][a-zA-Z0-9_:]*';
  const sample = new RegExp(`^(${name})(?:\\{(.*)\\})? (-?[0-9.eE+-]+|[+-]Inf|NaN)(?: -?\\d+)?$`);
  const label = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\\\|\\"|\\n)*)"(?:,|$)/y;
  if (!text.endsWith('\n')) throw new Error('the text must end with a newline');
  for (const line of text.slice(0, -1).split('\n')) {
    if (line === '') continue;
    const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
    if (meta) {
      const [, kind, fam = '', rest = ''] = meta;
      const f = families.get(fam) ?? { name: fam, type: 'untyped', help: '', samples: [] };
      if (kind === 'TYPE') {
        if (!['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(rest)) throw new Error(`bad type: ${line}`);
        f.type = rest;
      } else f.help = rest;
      families.set(fam, f);
      continue;
    }
    if (line.startsWith('#')) continue;
    const m = sample.exec(line);
    if (!m) throw new Error(`not a sample line: ${line}`);
    const [, metric = '', rawLabels = '', rawValue = ''] = m;
    const labels: Record<string, string> = {};
    label.lastIndex = 0;
    while (label.lastIndex < rawLabels.length) {
      const l = label.exec(rawLabels);
      if (!l) throw new Error(`bad labels: ${line}`);
      labels[l[1] ?? ''] = (l[2] ?? '').replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
    }
    const value = rawValue === '+Inf' ? Infinity : rawValue === '-Inf' ? -Infinity : Number(rawValue);
    if (rawValue !== 'NaN' && Number.isNaN(value)) throw new Error(`bad value: ${line}`);
    const fam = families.get(metric) ?? families.get(metric.replace(/_(bucket|sum|count|total|created)$/, ''));
    if (!fam) throw new Error(`sample before its family's TYPE: ${line}`);
    fam.samples.push({ name: metric, labels, value });
  }
  return families;
}

describe('the Prometheus text reader used below', () => {
  it('[issue 16.4] refuses what is not the text format', () => {
    expect(() => parsePrometheus('# TYPE a counter\na 1\n')).not.toThrow();
    expect(() => parsePrometheus('<html>nope</html>\n')).toThrow();
    expect(() => parsePrometheus('# TYPE a counter\na{x="1} 1\n')).toThrow();
    expect(() => parsePrometheus('b 1\n')).toThrow();
  });
});

describe.each(featureBackends)('GET /metrics on %s (issue 16.4)', (backend) => {
  let env: TestEnv;
  const token = 'metrics-token-for-the-test-0123456789';
  beforeAll(async () => {
    env = await startTestServer(backend, { METRICS_TOKEN: token });
  });
  afterAll(async () => {
    await env?.stop();
  });

  const scrape = (headers: Record<string, string> = { authorization: `Bearer ${token}` }) => fetch(`${env.server.url}/metrics`, { headers });

  it('[issue 16.4] with METRICS_TOKEN set, /metrics wants it as a Bearer token', async () => {
    expect((await scrape({})).status).toBe(401);
    expect((await scrape({ authorization: 'Bearer wrong-token-wrong-token-wrong' })).status).toBe(401);
    expect((await scrape({ authorization: `Basic ${Buffer.from(`x:${token}`).toString('base64')}` })).status).toBe(401);
    const ok = await scrape();
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('[issue 16.4] parses as Prometheus text and counts requests by route, sockets, documents, commits, jobs and webhooks', async () => {
    const { client } = await signUp(env.server.url);
    const made = await createCase(client);
    expect((await client.get(`/api/cases/${made.id}`)).status).toBe(200);
    expect((await client.get('/api/cases/no-such-case')).status).toBe(404);
    const detail = await client.get(`/api/cases/${made.id}`);
    const { provider, doc } = connect(env.server.url, detail.body.docs.team, { cookie: client.cookie });
    try {
      await synced(provider);
      doc.getMap('fields').set('title', 'Renamed over sync');
      await new Promise((resolve) => setTimeout(resolve, 300));
      const res = await scrape();
      const families = parsePrometheus(await res.text());
      const requests = families.get('casehub_http_requests_total');
      expect(requests?.type).toBe('counter');
      const byRoute = (route: string, status: string) =>
        requests?.samples.find((s) => s.labels.route === route && s.labels.status === status && s.labels.method === 'GET')?.value ?? 0;
      // The route pattern, never the id: one series for every case.
      expect(byRoute('/api/cases/:id', '200')).toBeGreaterThanOrEqual(2);
      expect(byRoute('/api/cases/:id', '404')).toBe(1);
      expect(requests?.samples.some((s) => s.labels.route?.includes(made.id))).toBe(false);
      expect(families.get('casehub_http_request_duration_seconds')?.type).toBe('histogram');
      expect(families.get('casehub_sync_sockets')?.samples[0]?.value).toBeGreaterThanOrEqual(1);
      expect(families.get('casehub_documents_loaded')?.samples[0]?.value).toBeGreaterThanOrEqual(1);
      const commits = families.get('casehub_sync_commit_duration_seconds');
      expect(commits?.type).toBe('histogram');
      expect(commits?.samples.find((s) => s.name.endsWith('_count'))?.value).toBeGreaterThanOrEqual(1);
      expect(families.get('casehub_sync_updates_total')?.samples[0]?.value).toBeGreaterThanOrEqual(1);
      expect(families.get('casehub_sync_update_bytes_total')?.samples[0]?.value).toBeGreaterThan(0);
      // The recurring clock has its one pending row (issue 16.5).
      expect(families.get('casehub_jobs_pending')?.samples.find((s) => s.labels.kind === 'expectations.tick')?.value).toBe(1);
      expect(families.get('casehub_jobs_backlog')?.type).toBe('gauge');
      expect(
        families
          .get('casehub_webhook_deliveries')
          ?.samples.map((s) => s.labels.status)
          .sort(),
      ).toEqual(['delivered', 'failed', 'pending']);
      expect(
        families
          .get('casehub_mailboxes')
          ?.samples.map((s) => s.labels.status)
          .sort(),
      ).toEqual(['connecting', 'error', 'idle', 'syncing']);
      // One node: nothing crosses Redis, the lag histogram is there and empty.
      expect(families.get('casehub_bus_lag_seconds')?.samples.find((s) => s.name.endsWith('_count'))?.value).toBe(0);
      expect(families.get('casehub_process_cpu_seconds_total')).toBeDefined();
    } finally {
      provider.destroy();
    }
  });
});

describe.each(featureBackends)('GET /metrics without METRICS_TOKEN on %s (issue 16.4)', (backend) => {
  it('[issue 16.4] is open when no token is configured', async () => {
    const env = await startTestServer(backend);
    try {
      const res = await fetch(`${env.server.url}/metrics`);
      expect(res.status).toBe(200);
      expect(parsePrometheus(await res.text()).has('casehub_http_requests_total')).toBe(true);
    } finally {
      await env.stop();
    }
  });
});
