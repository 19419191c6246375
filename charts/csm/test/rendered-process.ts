import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, type EnvVar } from './chart';

/**
 * BUILD OUTPUT STAND-IN — switch off once `npm run build` (issue 11's images lane) is merged.
 *
 * A Deployment's command is `node services/<name>/dist/<entry>.js`, the build convention. While
 * that file does not exist in this checkout, the same entry runs from its TypeScript source
 * (`node --import tsx services/<name>/src/<entry>.ts`); once it exists it runs as rendered. After
 * the build lands, make this return `command` unchanged and build before the test, so the test
 * starts exactly what the image starts. It is the only place the rendered command is altered.
 */
export const fromSourceWhileUnbuilt = (command: string[]): string[] => {
  const [node, script, ...rest] = command;
  const built = /^services\/([a-z-]+)\/dist\/([a-z-]+)\.js$/.exec(script ?? '');
  if (node !== 'node' || !built) throw new Error(`not a container command of the build convention: ${command.join(' ')}`);
  if (existsSync(join(REPO, script!))) return command;
  return ['node', '--import', 'tsx', `services/${built[1]}/src/${built[2]}.ts`, ...rest];
};

/** The values of a container's env, its secretKeyRefs read from `secrets` (Secret name → key → value), as the kubelet would. */
export const resolveEnv = (env: EnvVar[], secrets: Map<string, Map<string, string>>): Map<string, string> =>
  new Map(
    env.map((e) => {
      if (e.value !== undefined) return [e.name, e.value];
      const ref = e.valueFrom?.secretKeyRef;
      const value = ref ? secrets.get(ref.name)?.get(ref.key) : undefined;
      if (value === undefined) throw new Error(`${e.name}: no value and no Secret key ${ref ? `${ref.name}/${ref.key}` : '(not a secretKeyRef)'} to read`);
      return [e.name, value];
    }),
  );

export interface RenderedProcess {
  name: string;
  url: string;
  child: ChildProcess;
  output(): string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
  kill(): void;
}

/**
 * Starts a rendered container's command from the repository root (the image's WORKDIR) with
 * exactly its rendered environment (plus PATH and HOME, which an image has): nothing leaks in
 * from the test's own environment. Resolves when `/readyz` answers 200, as the readiness probe
 * would see it; fails with the process's output if it exits first or within `timeoutMs`.
 */
export const startRenderedProcess = async (name: string, command: string[], env: Map<string, string>, url: string, timeoutMs = 150_000): Promise<RenderedProcess> => {
  const [executable, ...args] = fromSourceWhileUnbuilt(command);
  const child = spawn(executable === 'node' ? process.execPath : executable!, args, {
    cwd: REPO,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...Object.fromEntries(env) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += String(d)));
  child.stderr!.on('data', (d) => (output += String(d)));
  const started: RenderedProcess = {
    name,
    url,
    child,
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
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && child.exitCode === null) {
    const ready = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2_000) })
      .then((r) => r.ok)
      .catch(() => false);
    if (ready) return started;
    await new Promise((r) => setTimeout(r, 250));
  }
  started.kill();
  throw new Error(`${name} (${command.join(' ')}) did not become ready at ${url}${child.exitCode !== null ? ` (exited ${child.exitCode})` : ''}:\n${output}`);
};
