import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { resolve } from 'node:path';

const REPO = resolve(__dirname, '../../..');

/** A port nothing listens on now, for a child process that must be told its port up front. */
export const freePort = () =>
  new Promise<number>((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => done(port));
    });
  });

export interface ContainerEntry {
  child: ChildProcess;
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** What it wrote to stdout and stderr so far. */
  output(): string;
  /** SIGTERM, then its exit code (at once if it has exited already). */
  stop(): Promise<number | null>;
  /** SIGKILL if it still runs (a suite's afterAll, whatever happened). */
  kill(): void;
}

/**
 * A container entry (`services/<name>/src/serve.ts`, the portal's `main.ts`) as an operator runs
 * it: one node process (no wrapper, so a signal reaches the service itself) on a free loopback
 * port, configured by its environment only (this process's, then `env`). Resolves once its
 * `/readyz` answers 200; fails with its output if it exits first or is not ready within a minute.
 * `port` when its configuration must name its own address before it starts (the portal's URL).
 */
export const startContainerEntry = async (script: string, env: Record<string, string>, name = script, port?: number): Promise<ContainerEntry> => {
  port ??= await freePort();
  return startCommandEntry([process.execPath, '--import', 'tsx', script], { cwd: REPO, env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ...env }, port, name });
};

/**
 * Any command as a container runs it (an image's `CMD` from its `WORKDIR`): exactly `env` as its
 * environment (nothing inherited), listening on `port`. Resolves once its `/readyz` answers 200;
 * fails with its output if it exits first or is not ready in time (a minute unless told).
 */
export const startCommandEntry = async (
  command: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; port: number; name: string; readyWithinMs?: number },
): Promise<ContainerEntry> => {
  const { port, name } = options;
  const child = spawn(command[0]!, command.slice(1), {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += String(d)));
  child.stderr!.on('data', (d) => (output += String(d)));
  const entry: ContainerEntry = {
    child,
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null) return child.exitCode;
      const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
      child.kill('SIGTERM');
      return exited;
    },
    kill: () => {
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
  const polls = Math.ceil((options.readyWithinMs ?? 60_000) / 250);
  for (let i = 0; i < polls; i++) {
    const ready = await fetch(`${entry.url}/readyz`, { signal: AbortSignal.timeout(2_000) })
      .then((r) => r.ok)
      .catch(() => false);
    if (ready) return entry;
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  entry.kill();
  throw new Error(`${name} did not become ready at ${entry.url}:\n${output}`);
};

export interface NodeProcessOptions {
  /** For the failure message. */
  name: string;
  /** The loopback port its environment tells it to listen on (its `/readyz` is polled there). */
  port: number;
  /** `false`: the child sees only `env` (plus PATH and HOME, which any image has), nothing of this process's environment. Default `true`. */
  inheritEnvironment?: boolean;
  /** Roughly how long it may take to answer `/readyz` with 200 (polled every 250 ms, each poll up to 2 s). Default a minute. */
  readyWithinMs?: number;
}

/**
 * `node <args>` from the repository root (an image's WORKDIR), through startCommandEntry: the
 * chart's test runs a Deployment's rendered command and environment through it, inheriting nothing.
 */
export const startNodeProcess = (args: string[], env: Record<string, string>, options: NodeProcessOptions): Promise<ContainerEntry> => {
  const base = options.inheritEnvironment === false ? { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp' } : process.env;
  return startCommandEntry([process.execPath, ...args], {
    cwd: REPO,
    env: { ...base, ...env },
    port: options.port,
    name: options.name,
    ...(options.readyWithinMs !== undefined ? { readyWithinMs: options.readyWithinMs } : {}),
  });
};
