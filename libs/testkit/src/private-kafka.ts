import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const REPO_ROOT = resolve(__dirname, '..', '..', '..');

/**
 * Ports free right now on loopback, found in a child process so the constructor below stays
 * synchronous (suites create their broker while jest collects them).
 */
const freeLoopbackPorts = (count: number): number[] => {
  const script = `const net = require('node:net'); const servers = []; let pending = ${count};
    for (let i = 0; i < ${count}; i++) { const server = net.createServer(); servers.push(server);
      server.listen(0, '127.0.0.1', () => { if (--pending === 0) { console.log(JSON.stringify(servers.map((s) => s.address().port))); servers.forEach((s) => s.close()); } }); }`;
  const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 10_000 });
  if (result.status !== 0) throw new Error(`could not find free ports: ${result.stderr}`);
  return JSON.parse(result.stdout) as number[];
};

/**
 * A Kafka broker of a test's own, on its own ports and data directory, for fault tests that
 * stop, kill and restart the broker without disturbing other suites using the shared one.
 * Started through the same scripts/infra as CI's broker, reusing its downloaded libraries.
 */
export class PrivateKafka {
  readonly brokers: string;
  private readonly home = mkdtempSync(join(tmpdir(), 'csm-private-kafka-'));

  private readonly port: number;
  private readonly controllerPort: number;

  /**
   * Without ports, two free ones are chosen (broker, controller), so parallel runs never collide
   * with each other or with a broker of `npm run infra:up`. They are kept across restarts.
   */
  constructor(port?: number) {
    [this.port, this.controllerPort] = port === undefined ? (freeLoopbackPorts(2) as [number, number]) : [port, port + 1];
    this.brokers = `127.0.0.1:${this.port}`;
  }

  private run(script: 'up.sh' | 'down.sh', ...args: string[]): void {
    const result = spawnSync('bash', [join(REPO_ROOT, 'scripts', 'infra', script), ...args], {
      env: {
        ...process.env,
        CSM_INFRA_HOME: this.home,
        CSM_KAFKA_PORT: String(this.port),
        CSM_KAFKA_CONTROLLER_PORT: String(this.controllerPort),
        CSM_KAFKA_LIB_FROM: join(REPO_ROOT, '.cache', 'infra', 'kafka', 'lib'),
      },
      encoding: 'utf8',
      timeout: 180_000,
    });
    if (result.status !== 0) throw new Error(`${script} failed:\n${result.stdout}\n${result.stderr}`);
  }

  start(): void {
    this.run('up.sh', 'kafka');
  }

  /** Orderly stop (SIGTERM), data kept. */
  stop(): void {
    this.run('down.sh');
  }

  /** Abrupt stop: SIGKILL, as a crashed or powered-off broker. */
  kill(): void {
    const pid = Number(readFileSync(join(this.home, 'kafka', 'kafka.pid'), 'utf8'));
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      process.kill(pid, 'SIGKILL');
    }
    rmSync(join(this.home, 'kafka', 'kafka.pid'), { force: true });
  }

  dispose(): void {
    try {
      this.stop();
    } finally {
      rmSync(this.home, { recursive: true, force: true });
    }
  }
}
