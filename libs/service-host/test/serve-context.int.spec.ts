import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

jest.setTimeout(60_000);

const REPO = resolve(__dirname, '../../..');

const run = async (env: Record<string, string>) => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'libs/service-host/test/fixtures/entry.ts'], {
    cwd: REPO,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr!.on('data', (d) => (errors += String(d)));
  const code = await new Promise<number | null>((done) => child.once('exit', done));
  return { code, lines: errors.split('\n').filter((line) => line.startsWith('Invalid configuration')) };
};

describe('a container entry (serveContext)', () => {
  it('refuses to start without its configuration, naming every missing variable, with exit code 2', async () => {
    const { code, lines } = await run({});
    expect(code).toBe(2);
    expect(lines.map((line) => line.split(':')[0]!.replace('Invalid configuration ', ''))).toEqual(['KAFKA_BROKERS', 'MONGODB_URI', 'OIDC_ISSUER']);
  });

  it('refuses to start without an event store, before it connects to anything, with exit code 2', async () => {
    // Nothing listens at these addresses: reaching either would hang or fail with another code.
    const { code, lines } = await run({ KAFKA_BROKERS: '127.0.0.1:1', MONGODB_URI: 'mongodb://127.0.0.1:1', OIDC_ISSUER: 'http://127.0.0.1:1/realms/csm' });
    expect({ code, lines }).toEqual({ code: 2, lines: ['Invalid configuration: set ESDB_CONNECTION_STRING (production) or CSM_SQLITE_FILE (single node)'] });
  });
});
