import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const REPO_ROOT = resolve(__dirname, '..', '..', '..');

/**
 * A Kafka broker of a test's own, on its own ports and data directory, for fault tests that
 * stop, kill and restart the broker without disturbing other suites using the shared one.
 * Started through the same scripts/infra as CI's broker, reusing its downloaded libraries.
 */
export class PrivateKafka {
  readonly brokers: string;
  private readonly home = mkdtempSync(join(tmpdir(), 'csm-private-kafka-'));

  constructor(private readonly port: number) {
    this.brokers = `127.0.0.1:${port}`;
  }

  private run(script: 'up.sh' | 'down.sh', ...args: string[]): void {
    const result = spawnSync('bash', [join(REPO_ROOT, 'scripts', 'infra', script), ...args], {
      env: {
        ...process.env,
        CSM_INFRA_HOME: this.home,
        CSM_KAFKA_PORT: String(this.port),
        CSM_KAFKA_CONTROLLER_PORT: String(this.port + 1),
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
