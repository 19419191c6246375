import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callApi, passwordToken, startEmbeddedPlatform, type EmbeddedPlatform } from '../src';
import { anOrganizationProfile } from '@csm/testkit';

/**
 * /metrics as Prometheus scrapes it: request-duration histograms per route template (never
 * the raw path) and status, and each projection's position and stall next to the log's head.
 */
jest.setTimeout(60_000);

let dataDir: string;
let platform: EmbeddedPlatform;
let token: string;

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The Prometheus text format, one sample a line: `name{a="b",c="d"} 1.5`. */
const parseExposition = (text: string): Sample[] =>
  text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not an exposition line: ${line}`);
      const labels: Record<string, string> = Object.create(null) as Record<string, string>;
      for (const [, key, value] of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[key!] = value!;
      return { name: match[1]!, labels, value: Number(match[3]) };
    });

const scrape = async (service: 'registration' | 'proposals'): Promise<Sample[]> => {
  const response = await fetch(`${platform.urls[service]}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseExposition(await response.text());
};

const series = (samples: Sample[], name: string, labels: Record<string, string>) =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'csm-metrics-'));
  platform = await startEmbeddedPlatform({ dataDir, identityPort: 0, registrationPort: 0, proposalsPort: 0, log: () => undefined });
  token = await passwordToken(platform.urls.issuer, 'partner');
});

afterAll(async () => {
  await platform?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('/metrics', () => {
  it('has a request-duration histogram per method, route template and status, never per raw path', async () => {
    const registered = await callApi(platform.urls.registration, 'POST', '/organizations', { token, body: anOrganizationProfile() });
    expect(registered.status).toBe(201);
    for (let i = 0; i < 3; i++) {
      const read = await callApi(platform.urls.registration, 'GET', `/organizations/amani-youth?minPosition=${registered.body.position}`, { token });
      expect(read.status).toBe(200);
    }
    expect((await callApi(platform.urls.registration, 'GET', '/directory/nobody-here')).status).toBe(404);

    const samples = await scrape('registration');
    const reads = { method: 'GET', route: '/organizations/:id', status: '200', service: 'registration' };
    expect(series(samples, 'http_request_duration_seconds_count', reads)).toEqual([{ name: 'http_request_duration_seconds_count', labels: reads, value: 3 }]);
    expect(series(samples, 'http_request_duration_seconds_sum', reads)[0]!.value).toBeGreaterThan(0);
    const buckets = series(samples, 'http_request_duration_seconds_bucket', reads);
    expect(buckets.map((b) => b.labels.le)).toEqual(['0.001', '0.0025', '0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '10', '+Inf']);
    expect(buckets.at(-1)!.value).toBe(3);
    for (let i = 1; i < buckets.length; i++) expect(buckets[i]!.value).toBeGreaterThanOrEqual(buckets[i - 1]!.value);

    expect(series(samples, 'http_request_duration_seconds_count', { method: 'POST', route: '/organizations', status: '201' })[0]!.value).toBe(1);
    expect(series(samples, 'http_request_duration_seconds_count', { method: 'GET', route: '/directory/:id', status: '404' })[0]!.value).toBe(1);
    const routes = new Set(samples.filter((s) => s.name.startsWith('http_request_duration_seconds')).map((s) => s.labels.route));
    expect([...routes].filter((route) => route!.includes('amani-youth') || route!.includes('nobody-here'))).toEqual([]);
  });

  it('reports each projection’s position and stall next to the head of the log', async () => {
    const registered = await callApi(platform.urls.registration, 'POST', '/organizations', { token: await passwordToken(platform.urls.issuer, 'partner2'), body: anOrganizationProfile({ name: 'Pwani Peace Network' }) });
    expect(registered.status).toBe(201);
    await platform.caughtUp(BigInt(registered.body.position));
    const head = Number(await platform.store.headPosition());

    for (const [service, projections] of [
      ['registration', ['registration.organizations', 'registration.directory']],
      ['proposals', ['proposals.calls', 'proposals.proposals']],
    ] as const) {
      const samples = await scrape(service);
      expect(series(samples, 'csm_event_store_head_position', { service })).toEqual([{ name: 'csm_event_store_head_position', labels: { service }, value: head }]);
      for (const projection of projections) {
        expect(series(samples, 'csm_projection_position', { projection, service })).toEqual([{ name: 'csm_projection_position', labels: { projection, service }, value: head }]);
        expect(series(samples, 'csm_projection_stalled_seconds', { projection, service })).toEqual([{ name: 'csm_projection_stalled_seconds', labels: { projection, service }, value: 0 }]);
      }
    }
  });
});
