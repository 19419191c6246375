import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const REPO_ROOT = resolve(__dirname, '..', '..', '..');
/** Built by `npm run infra:up` (scripts/infra/ferretdb.sh); shared, read-only for us. */
export const FERRETDB_BINARY = join(REPO_ROOT, '.cache', 'infra', 'ferretdb', 'bin', 'ferretdb');

const answers = (port: number): Promise<boolean> =>
  new Promise((resolvePort) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolvePort(true);
    });
    socket.once('error', () => resolvePort(false));
  });

/**
 * A FerretDB of a test's own, on its own ports and data folder, for fault tests that stop and
 * restart the read-model database without disturbing the shared one other suites use. Stopping
 * keeps the data folder, so a restart finds the same databases, like a database host that
 * rebooted.
 */
export class PrivateFerretDb {
  readonly uri: string;
  private readonly home = mkdtempSync(join(tmpdir(), 'csm-private-ferretdb-'));
  private child?: ChildProcess;

  constructor(private readonly port: number) {
    this.uri = `mongodb://127.0.0.1:${port}/`;
  }

  static available(): boolean {
    return existsSync(FERRETDB_BINARY);
  }

  async start(timeoutMs = 30_000): Promise<void> {
    mkdirSync(join(this.home, 'data'), { recursive: true });
    mkdirSync(join(this.home, 'state'), { recursive: true });
    const child = spawn(
      FERRETDB_BINARY,
      [
        '--handler=sqlite',
        `--sqlite-url=file:${join(this.home, 'data')}/`,
        `--listen-addr=127.0.0.1:${this.port}`,
        `--debug-addr=127.0.0.1:${this.port + 1}`,
        `--state-dir=${join(this.home, 'state')}`,
        '--telemetry=disable',
        '--log-level=ERROR',
      ],
      { stdio: 'ignore' },
    );
    this.child = child;
    const exited = new Promise<number | null>((r) => child.once('exit', r));
    const deadline = Date.now() + timeoutMs;
    while (!(await answers(this.port))) {
      if (child.exitCode !== null) throw new Error(`FerretDB exited (${await exited}) before it listened on ${this.port}`);
      if (Date.now() > deadline) throw new Error(`FerretDB did not listen on ${this.port} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Stops the process this object started (SIGTERM, then SIGKILL after 10 s); data kept. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  async dispose(): Promise<void> {
    try {
      await this.stop();
    } finally {
      rmSync(this.home, { recursive: true, force: true });
    }
  }
}

/** A port nobody listens on now, and the next one (FerretDB's debug port), from the OS. */
export const freePortPair = async (): Promise<number> => {
  const { createServer } = await import('node:net');
  for (;;) {
    const port = await new Promise<number>((resolvePort, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const bound = (server.address() as { port: number }).port;
        server.close(() => resolvePort(bound));
      });
    });
    if (port < 65535 && !(await answers(port + 1))) return port;
  }
};
