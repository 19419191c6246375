import { startContainerEntry } from '../src';

jest.setTimeout(60_000);

const ENTRY = 'libs/testkit/test/fixtures/ready-entry.ts';

describe('a container entry started for a test', () => {
  it('is ready on a loopback port of its own, and exits 0 on SIGTERM', async () => {
    const entry = await startContainerEntry(ENTRY, {});
    expect(entry.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${entry.url}/readyz`)).status).toBe(200);
    expect(await entry.stop()).toBe(0);
    expect(await entry.stop()).toBe(0);
  });

  it('fails with its output when it exits before it is ready', async () => {
    await expect(startContainerEntry(ENTRY, { FAIL_AT_START: 'MONGODB_URI' }, 'the fixture')).rejects.toThrow(/^the fixture did not become ready at http:\/\/127\.0\.0\.1:\d+:\nInvalid configuration MONGODB_URI: required/);
  });
});
