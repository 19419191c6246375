import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { startTelemetry } from '@csm/telemetry';
import { callApi, passwordToken, startEmbeddedPlatform, type EmbeddedPlatform } from '../src';
import { anOrganizationProfile as aProfile } from '@csm/testkit';

jest.setTimeout(30_000);

const exporter = new InMemorySpanExporter();
let telemetry: ReturnType<typeof startTelemetry>;
let platform: EmbeddedPlatform;
let dataDir: string;

beforeAll(async () => {
  telemetry = startTelemetry({ serviceName: 'registration-test', exporter, immediate: true });
  dataDir = mkdtempSync(join(tmpdir(), 'csm-trace-'));
  platform = await startEmbeddedPlatform({ dataDir, identityPort: 0, registrationPort: 0, log: () => undefined });
});

afterAll(async () => {
  await platform?.stop();
  await telemetry?.shutdown();
  rmSync(dataDir, { recursive: true, force: true });
});

it('follows one command from the HTTP request through the append to the projectors in one trace', async () => {
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
  const token = await passwordToken(platform.urls.issuer, 'partner');
  const response = await callApi(platform.urls.registration, 'POST', '/organizations', {
    token,
    body: aProfile(),
    headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
  });
  expect(response.status).toBe(201);
  await platform.caughtUp(BigInt(response.body.position));

  const spans = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
  const names = spans.map((s) => s.name);
  expect(names).toEqual(
    expect.arrayContaining(['POST /organizations', 'append organization-amani-youth', 'project registration.organizations', 'project registration.directory']),
  );

  const history = await callApi(platform.urls.registration, 'GET', '/organizations/amani-youth/history', {
    token: await passwordToken(platform.urls.issuer, 'auditor'),
  });
  expect(history.body.events[0].metadata.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
});
