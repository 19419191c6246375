import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startNodeProcess, type ContainerEntry } from '@csm/testkit';
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

/**
 * A rendered container's command, run from the repository root (the image's WORKDIR) with exactly
 * its rendered environment (plus PATH and HOME, which an image has): nothing leaks in from the
 * test's own environment. Ready when `/readyz` on `port` answers 200, as the readiness probe sees it.
 */
export const startRenderedProcess = (name: string, command: string[], env: Map<string, string>, port: number): Promise<ContainerEntry> => {
  const [node, ...args] = fromSourceWhileUnbuilt(command);
  if (node !== 'node') throw new Error(`${name}: ${node} is not node`);
  return startNodeProcess(args, Object.fromEntries(env), { name, port, inheritEnvironment: false, readyWithinMs: 150_000 });
};
