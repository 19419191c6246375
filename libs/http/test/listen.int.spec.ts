import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { closeServer, listen, PortUnavailableError } from '../src';

/** A port some other process already holds (here: this test). */
const takePort = async (): Promise<{ server: Server; port: number }> => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
};

describe('listen', () => {
  it('binds port 0 to a free port and serves on it', async () => {
    const server = await listen((_req, res) => res.end('ok'), { name: 'test API', port: 0, host: '127.0.0.1' });
    try {
      const { port } = server.address() as AddressInfo;
      expect(port).toBeGreaterThan(0);
      expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('ok');
    } finally {
      await closeServer(server);
    }
  });

  it('refuses a port in use with a message naming the port, the setting and what to do', async () => {
    const taken = await takePort();
    try {
      const attempt = listen((_req, res) => res.end(), { name: 'proposals API', port: taken.port, host: '127.0.0.1', setting: 'CSM_PROPOSALS_PORT' });
      await expect(attempt).rejects.toBeInstanceOf(PortUnavailableError);
      await expect(attempt).rejects.toThrow(
        `proposals API cannot listen on 127.0.0.1:${taken.port}: the port is already in use. Stop what holds it (an earlier \`npm start\`? \`ss -ltnp 'sport = :${taken.port}'\` shows it) or set CSM_PROPOSALS_PORT to another port (0 picks a free one).`,
      );
    } finally {
      await closeServer(taken.server);
    }
  });
});

describe('serveUntilSignalled', () => {
  it('exits 1 with the port, the PORT setting and what to do when the port is in use', async () => {
    const taken = await takePort();
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'fixtures', 'serve-on-port.ts'), String(taken.port)], { stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (d) => (output += String(d)));
      child.stderr.on('data', (d) => (output += String(d)));
      const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
      // stderr and stdout are separate pipes, so only each line is asserted, not their order.
      expect(code).toBe(1);
      expect(output).toContain(
        `[fixture] fixture cannot listen on 127.0.0.1:${taken.port}: the port is already in use. Stop what holds it (an earlier \`npm start\`? \`ss -ltnp 'sport = :${taken.port}'\` shows it) or set PORT to another port (0 picks a free one).\n`,
      );
      expect(output).toContain('[fixture] released\n');
    } finally {
      await closeServer(taken.server);
    }
  }, 30_000);
});
