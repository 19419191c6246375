import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { dockerIgnore, envOf, readDockerfile, type DockerInstruction } from '@csm/testkit';

const REPO = resolve(__dirname, '../../..');

/** The deployables and the file each image starts (the build CONVENTION: `node services/<svc>/dist/<entry>.js` from /app). */
const IMAGES = [
  { service: 'registration', entry: 'serve.js' },
  { service: 'proposals', entry: 'serve.js' },
  { service: 'county-plans', entry: 'serve.js' },
  { service: 'resources', entry: 'serve.js' },
  { service: 'portal', entry: 'main.js' },
];

const rootManifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
const DEV_TOOLS = [...Object.keys(rootManifest.devDependencies), 'tsx', 'ts-node', 'typescript', 'esbuild'];
const words = (instruction: DockerInstruction) => instruction.args.join(' ').split(/[\s"'=&|;]+/);

describe('image definitions (services/<svc>/Dockerfile)', () => {
  it('exist for every deployable and for no other service', () => {
    const withDockerfile = readdirSync(join(REPO, 'services')).filter((s) => existsSync(join(REPO, 'services', s, 'Dockerfile')));
    expect(withDockerfile.sort()).toEqual(IMAGES.map((i) => i.service).sort());
  });

  describe.each(IMAGES)('services/$service/Dockerfile', ({ service, entry }) => {
    const stages = readDockerfile(join(REPO, 'services', service, 'Dockerfile'));
    const runtime = stages.at(-1)!;
    const inRuntime = (keyword: string) => runtime.instructions.filter((i) => i.keyword === keyword);

    it('builds in one stage and runs from a pinned Node 20 slim base in another', () => {
      expect(stages.map((s) => s.name)).toEqual(['build', 'runtime']);
      for (const stage of stages) expect(stage.image).toMatch(/^node:20\.\d+\.\d+-bookworm-slim$/);
      expect(stages[0]!.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args[0])).toEqual([
        'npm ci --ignore-scripts --no-audit --no-fund',
        `node scripts/build.mjs ${service}`,
      ]);
    });

    it('starts `node services/<svc>/dist/<entry>` from /app, exec form (node is PID 1 and gets SIGTERM itself)', () => {
      expect(inRuntime('WORKDIR').map((i) => i.args)).toEqual([['/app']]);
      expect(inRuntime('CMD').map((i) => ({ args: i.args, execForm: i.execForm }))).toEqual([{ args: ['node', `services/${service}/dist/${entry}`], execForm: true }]);
      expect(inRuntime('ENTRYPOINT')).toEqual([]);
    });

    it('runs as a user other than root, set after every RUN and COPY', () => {
      const users = inRuntime('USER');
      expect(users.map((u) => u.args[0])).toEqual(['node']);
      const lastWrite = Math.max(...runtime.instructions.filter((i) => ['RUN', 'COPY'].includes(i.keyword)).map((i) => i.line));
      expect(users[0]!.line).toBeGreaterThan(lastWrite);
      // COPY without --chown: the files belong to root, so the service cannot change what it runs.
      expect(inRuntime('COPY').filter((i) => i.flags.has('chown') || i.flags.has('chmod'))).toEqual([]);
    });

    it('installs only the service’s own runtime dependencies and copies only its bundle: no dev tool in the runtime stage', () => {
      expect(inRuntime('RUN').map((i) => i.args[0])).toEqual([`npm ci --omit=dev --workspace @csm/${service} --no-audit --no-fund`]);
      expect(inRuntime('COPY').map((i) => ({ from: i.flags.get('from'), args: i.args }))).toEqual([
        { from: undefined, args: ['package.json', 'package-lock.json', './'] },
        { from: undefined, args: [`services/${service}/package.json`, `services/${service}/package.json`] },
        { from: 'build', args: [`/src/services/${service}/dist`, `services/${service}/dist`] },
      ]);
      const mentioned = runtime.instructions.flatMap(words);
      expect(DEV_TOOLS.filter((tool) => mentioned.includes(tool))).toEqual([]);
      expect(inRuntime('ENV').flatMap(envOf)).toEqual([['NODE_ENV', 'production']]);
    });

    it('declares in the service’s package.json only runtime dependencies, each one the root declares as a runtime dependency too', () => {
      const manifest = JSON.parse(readFileSync(join(REPO, 'services', service, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
      expect(manifest.devDependencies).toBeUndefined();
      const dependencies = Object.entries(manifest.dependencies ?? {});
      expect(dependencies.length).toBeGreaterThan(0);
      for (const [name, range] of dependencies) expect({ name, range }).toEqual({ name, range: rootManifest.dependencies[name] });
    });
  });

  it('keeps node_modules, builds, tests, caches and the git history out of the build context', () => {
    const ignored = dockerIgnore(readFileSync(join(REPO, '.dockerignore'), 'utf8'));
    for (const path of ['node_modules/x', 'libs/http/node_modules/x', 'services/portal/dist/main.js', 'libs/http/test/a.spec.ts', '.cache/x', '.git/HEAD', 'data/events.db', 'README.md'])
      expect({ path, ignored: ignored(path) }).toEqual({ path, ignored: true });
    for (const path of ['package.json', 'package-lock.json', 'tsconfig.base.json', 'libs/http/src/index.ts', 'services/portal/src/views/layout.eta', 'scripts/build.mjs', 'contracts/src/index.ts'])
      expect({ path, ignored: ignored(path) }).toEqual({ path, ignored: false });
  });
});
