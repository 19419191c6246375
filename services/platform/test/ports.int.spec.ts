import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { closeServer, PortUnavailableError } from '@csm/http';
import { startEmbeddedPlatform } from '../src';

jest.setTimeout(60_000);

const REPO = resolve(__dirname, '../../..');
const portOf = (url: string) => Number(new URL(url).port);

/** A port some other process already holds (here: this test), as `npm start` would. */
const takePort = async (): Promise<{ server: Server; port: number }> => {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { server, port: (server.address() as AddressInfo).port };
};

let dataDir: string;
beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'csm-ports-'))));
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

describe('the embedded platform and its ports', () => {
  it('binds a free port for every port left out, never the fixed ports `npm start` uses', async () => {
    const platform = await startEmbeddedPlatform({ dataDir, log: () => undefined });
    try {
      const ports = [platform.urls.identity, platform.urls.registration, platform.urls.proposals].map(portOf);
      for (const port of ports) expect([8180, 3001, 3002]).not.toContain(port);
      expect((await fetch(`${platform.urls.proposals}/healthz`)).status).toBe(200);
    } finally {
      await platform.stop();
    }
  });

  it('refuses a port in use with a message naming it, and releases the ports it had bound', async () => {
    const free = await takePort();
    await closeServer(free.server);
    const taken = await takePort();
    try {
      const attempt = startEmbeddedPlatform({ dataDir, identityPort: free.port, proposalsPort: taken.port, portSettings: { proposals: 'CSM_PROPOSALS_PORT' }, log: () => undefined });
      await expect(attempt).rejects.toBeInstanceOf(PortUnavailableError);
      await expect(attempt).rejects.toThrow(`proposals API cannot listen on 127.0.0.1:${taken.port}: the port is already in use.`);
      await expect(attempt).rejects.toThrow('set CSM_PROPOSALS_PORT to another port (0 picks a free one)');
      // The identity port bound before the failure is free again.
      const again = createServer();
      await new Promise<void>((done, fail) => again.once('error', fail).listen(free.port, '127.0.0.1', done));
      await closeServer(again);
    } finally {
      await closeServer(taken.server);
    }
  });

  it('`npm start` exits 1 naming the taken port and the variable to change', async () => {
    const taken = await takePort();
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
        cwd: REPO,
        env: { ...process.env, CSM_DATA_DIR: dataDir, CSM_SEED: 'false', CSM_IDENTITY_PORT: '0', CSM_REGISTRATION_PORT: String(taken.port), CSM_PROPOSALS_PORT: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += String(d)));
      const code = await new Promise<number | null>((done) => child.once('close', done));
      expect(code).toBe(1);
      expect(stderr).toContain(
        `[csm] failed to start: registration API cannot listen on 127.0.0.1:${taken.port}: the port is already in use. Stop what holds it (an earlier \`npm start\`? \`ss -ltnp 'sport = :${taken.port}'\` shows it) or set CSM_REGISTRATION_PORT to another port (0 picks a free one).\n`,
      );
    } finally {
      await closeServer(taken.server);
    }
  });
});
