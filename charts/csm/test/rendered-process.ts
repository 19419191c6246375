import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startNodeProcess, type ContainerEntry } from '@csm/testkit';
import { REPO, type EnvVar } from './chart';

/**
 * The production build, made once per test run: the processes below start exactly what the image
 * starts (`node services/<name>/dist/<entry>.js`), never the TypeScript source, and never a stale
 * `dist/` left from an earlier checkout. About 2 seconds.
 */
let built = false;
export const buildOnce = (): void => {
  if (built) return;
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'pipe' });
  built = true;
};

/** The rendered command as it is, once checked against the build convention and its file built. */
export const asBuilt = (command: string[]): string[] => {
  const [node, script] = command;
  if (node !== 'node' || !/^services\/([a-z-]+)\/dist\/([a-z-]+)\.js$/.test(script ?? '')) throw new Error(`not a container command of the build convention: ${command.join(' ')}`);
  buildOnce();
  if (!existsSync(join(REPO, script!))) throw new Error(`${script} is not built: the build convention and scripts/build.mjs disagree`);
  return command;
};

/** The values of a container's env, its secretKeyRefs read from `secrets` (Secret name → key → value), as the kubelet would. */
export const resolveEnv = (env: EnvVar[], secrets: Map<string, Map<string, string>>): Map<string, string> =>
  new Map(
    env.flatMap((e): [string, string][] => {
      if (e.value !== undefined) return [[e.name, e.value]];
      const ref = e.valueFrom?.secretKeyRef;
      const value = ref ? secrets.get(ref.name)?.get(ref.key) : undefined;
      // An optional secretKeyRef whose key is absent leaves the variable unset, as the kubelet does.
      if (value === undefined && ref?.optional) return [];
      if (value === undefined) throw new Error(`${e.name}: no value and no Secret key ${ref ? `${ref.name}/${ref.key}` : '(not a secretKeyRef)'} to read`);
      return [[e.name, value]];
    }),
  );

/**
 * A rendered container's command, run from the repository root (the image's WORKDIR) with exactly
 * its rendered environment (plus PATH and HOME, which an image has): nothing leaks in from the
 * test's own environment. Ready when `/readyz` on `port` answers 200, as the readiness probe sees it.
 */
export const startRenderedProcess = (name: string, command: string[], env: Map<string, string>, port: number): Promise<ContainerEntry> => {
  const [node, ...args] = asBuilt(command);
  if (node !== 'node') throw new Error(`${name}: ${node} is not node`);
  return startNodeProcess(args, Object.fromEntries(env), { name, port, inheritEnvironment: false, readyWithinMs: 150_000 });
};
