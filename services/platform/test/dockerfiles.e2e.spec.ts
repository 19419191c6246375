import { spawn, execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, posix, resolve } from 'node:path';
import {
  copyFromContext,
  describeWithServices,
  dockerIgnore,
  envOf,
  freePort,
  readDockerfile,
  startCommandEntry,
  type ContainerEntry,
  type DockerInstruction,
  type DockerStage,
} from '@csm/testkit';

const REPO = resolve(__dirname, '../../..');
const IMAGES = ['registration', 'proposals', 'county-plans', 'resources', 'portal'] as const;
type Image = (typeof IMAGES)[number];

/** Progress on stderr at once (jest holds console output until a test ends): these steps take minutes. */
const progress = (line: string) => process.stderr.write(`[images] ${line}\n`);

/** A stage's filesystem while it is replayed: its folder stands for `/`, plus what ENV and WORKDIR set. */
interface StageState {
  root: string;
  workdir: string;
  env: Map<string, string>;
}
const inStage = (state: StageState, path: string) => join(state.root, isAbsolute(path) ? path : posix.join(state.workdir, path));

/**
 * The environment a `RUN` step gets: the stage's ENV and a PATH, nothing else of this process —
 * except HOME (npm's configuration and its cache play the part of the Dockerfiles' BuildKit cache
 * mount on /root/.npm), and how better-sqlite3 gets its native binary. An image build fetches its
 * published prebuilt binary; here none can be fetched, so the first install compiles it (against
 * the headers Debian's nodejs ships, as .ci/run does) and the test packs that binary into a
 * prebuilds folder of its own, where prebuild-install's `local_prebuilds` setting finds it for the
 * next installs instead of compiling it again.
 */
const runEnvironment = (state: StageState, prebuilds: string): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  ...(existsSync('/usr/include/node/node.h') ? { npm_config_nodedir: '/usr' } : {}),
  npm_config_better_sqlite3_local_prebuilds: prebuilds,
  ...Object.fromEntries(state.env),
});

/** After an install compiled better-sqlite3: its binary as prebuild-install's archive (`build/Release/better_sqlite3.node`). */
const keepPrebuilt = (app: string, prebuilds: string) => {
  const folder = join(app, 'node_modules', 'better-sqlite3');
  if (!existsSync(join(folder, 'build', 'Release', 'better_sqlite3.node'))) return;
  const { version } = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { version: string };
  const archive = join(prebuilds, `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`);
  if (existsSync(archive)) return;
  mkdirSync(prebuilds, { recursive: true });
  execFileSync('tar', ['-czf', archive, '-C', folder, 'build/Release/better_sqlite3.node']);
  progress(`kept the compiled better-sqlite3 binary for the next installs: ${archive}`);
};

const run = (command: string, cwd: string, env: NodeJS.ProcessEnv) =>
  new Promise<void>((done, fail) => {
    const child = spawn('/bin/sh', ['-c', command], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += String(d)));
    child.stderr.on('data', (d) => (output += String(d)));
    const timer = setTimeout(() => child.kill('SIGKILL'), 8 * 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) done();
      else fail(new Error(`RUN ${command} exited ${code}:\n${output.slice(-4000)}`));
    });
  });

/**
 * Replays a stage's instructions as the builder runs them, from the Dockerfile, in `state.root`:
 * WORKDIR, ENV, COPY (from the build context through .dockerignore, or `--from` another stage's
 * folder), RUN (through /bin/sh -c; a `--mount=type=cache` flag only keeps a cache out of the
 * image). USER, EXPOSE and CMD describe the container and are read when it starts. A base-image
 * package-manager step (apt-get, apk) would be skipped and said so: these Dockerfiles have none.
 */
const replay = async (instructions: DockerInstruction[], state: StageState, stages: Map<string, StageState>, label: string, prebuilds: string) => {
  const ignored = dockerIgnore(readFileSync(join(REPO, '.dockerignore'), 'utf8'));
  for (const instruction of instructions) {
    const started = Date.now();
    switch (instruction.keyword) {
      case 'WORKDIR':
        state.workdir = posix.resolve(state.workdir, instruction.args[0]!);
        mkdirSync(join(state.root, state.workdir), { recursive: true });
        break;
      case 'ENV':
        for (const [name, value] of envOf(instruction)) state.env.set(name, value);
        break;
      case 'COPY': {
        const sources = instruction.args.slice(0, -1);
        const destination = instruction.args.at(-1)!;
        const target = inStage(state, destination);
        const intoFolder = destination.endsWith('/') || sources.length > 1;
        const from = instruction.flags.get('from');
        if (from) {
          const source = stages.get(from);
          if (!source) throw new Error(`COPY --from=${from}: no stage ${from} replayed`);
          copyFromContext(source.root, () => false, sources.map((s) => s.replace(/^\/+/, '')), target, intoFolder);
        } else copyFromContext(REPO, ignored, sources, target, intoFolder);
        break;
      }
      case 'RUN': {
        const command = instruction.execForm ? instruction.args.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ') : instruction.args[0]!;
        if (/^(apt-get|apt|apk)\b/.test(command)) {
          progress(`${label}: SKIPPED base-image package step: RUN ${command}`);
          continue;
        }
        await run(command, join(state.root, state.workdir), runEnvironment(state, prebuilds));
        keepPrebuilt(join(state.root, state.workdir), prebuilds);
        break;
      }
      case 'USER':
      case 'EXPOSE':
      case 'CMD':
        break;
      default:
        throw new Error(`line ${instruction.line}: the replay does not know ${instruction.keyword}`);
    }
    progress(`${label}: ${instruction.keyword} ${instruction.args.join(' ')} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
};

const newStage = (root: string): StageState => {
  mkdirSync(root, { recursive: true });
  return { root, workdir: '/', env: new Map() };
};

/**
 * Each image as its Dockerfile defines it, without a Docker engine: the build stage and the
 * runtime stage replayed in clean folders, then the runtime stage's CMD started from its WORKDIR
 * with the environment the container gets (the image's ENV plus the service's configuration, as
 * the chart sets it) and its files read-only, against the real Kafka, FerretDB and Keycloak.
 * Each becomes ready (/readyz 200) and exits 0 on SIGTERM. The build stages share every
 * instruction but their last `RUN node scripts/build.mjs <svc>`: that shared part is replayed
 * once, as Docker's layer cache would reuse it. Most of the time is the first runtime install
 * compiling better-sqlite3 (see runEnvironment).
 */
describeWithServices(['kafka', 'mongodb', 'keycloak'], 'images replayed from their Dockerfiles', ({ kafka, mongodb, keycloak }) => {
  jest.setTimeout(10 * 60_000);
  const work = mkdtempSync(join(tmpdir(), 'csm-images-'));
  const namespace = `img${randomUUID().slice(0, 8)}.`;
  const database = (name: string) => `csm_${namespace.replace(/\W/g, '')}_${name}`;
  const kek = randomBytes(32).toString('base64');
  const subjectIdSecret = randomBytes(32).toString('base64');
  const dockerfiles = new Map<Image, DockerStage[]>(IMAGES.map((image) => [image, readDockerfile(join(REPO, 'services', image, 'Dockerfile'))]));
  const build = newStage(join(work, 'build'));
  const prebuilds = join(work, 'prebuilds');
  let shared = 0;
  const running: ContainerEntry[] = [];

  const configuration = (image: Image, port: number): Record<string, string> => {
    const service = {
      CSM_ROLE: 'worker',
      CSM_NAMESPACE: namespace,
      KAFKA_BROKERS: kafka.replace(/^[a-z]+:\/\//, ''),
      KAFKA_SSL: 'false',
      CSM_TOPIC_REPLICATION_FACTOR: '1',
      CSM_TOPIC_MIN_INSYNC_REPLICAS: '1',
      MONGODB_URI: mongodb,
      OIDC_ISSUER: `${keycloak}/realms/csm`,
      CSM_SUBJECT_ID_SECRET: subjectIdSecret,
      // The log on a volume outside the image's read-only files.
      CSM_SQLITE_FILE: join(work, 'volume', 'events.db'),
      CSM_REGISTRATION_DATABASE: database('registration'),
      CSM_PROPOSALS_DATABASE: database('proposals'),
    };
    switch (image) {
      case 'registration':
        return { ...service, MONGODB_DATABASE: database('registration'), CSM_KEYS_DATABASE: database('keys'), CSM_KEK: kek };
      case 'proposals':
        return { ...service, MONGODB_DATABASE: database('proposals') };
      case 'county-plans':
        return { ...service, MONGODB_DATABASE: database('county_plans') };
      case 'resources':
        // FerretDB has no MongoDB text search: the library's search from its own index.
        return { ...service, MONGODB_DATABASE: database('resources'), CSM_LIBRARY_SEARCH: 'index' };
      case 'portal':
        return {
          CSM_REGISTRATION_URL: 'http://127.0.0.1:9',
          CSM_PROPOSALS_URL: 'http://127.0.0.1:9',
          CSM_RESOURCES_URL: 'http://127.0.0.1:9',
          OIDC_ISSUER: `${keycloak}/realms/csm`,
          CSM_PORTAL_URL: `http://127.0.0.1:${port}`,
          MONGODB_URI: mongodb,
          CSM_PORTAL_DATABASE: database('portal'),
        };
    }
  };

  beforeAll(async () => {
    mkdirSync(join(work, 'volume'), { recursive: true });
    const builds = [...dockerfiles.values()].map((stages) => stages[0]!.instructions);
    while (builds.every((b) => shared < b.length - 1 && JSON.stringify(b[shared]) === JSON.stringify(builds[0]![shared]))) shared++;
    progress(`build stage: replaying the ${shared} instructions the ${IMAGES.length} Dockerfiles share, once, in ${build.root}`);
    await replay(builds[0]!.slice(0, shared), build, new Map(), 'build', prebuilds);
  }, 10 * 60_000);

  afterAll(() => {
    for (const entry of running) entry.kill();
    execFileSync('chmod', ['-R', 'u+w', work]);
    rmSync(work, { recursive: true, force: true });
  });

  it.each(IMAGES)('%s: built and installed as its Dockerfile says, ready on /readyz from read-only files, exits 0 on SIGTERM', async (image) => {
    const [buildStage, runtimeStage] = dockerfiles.get(image)!;
    const started = Date.now();
    await replay(buildStage!.instructions.slice(shared), build, new Map(), `${image} build`, prebuilds);
    const runtime = newStage(join(work, image));
    await replay(runtimeStage!.instructions, runtime, new Map([[buildStage!.name, build]]), `${image} runtime`, prebuilds);
    const app = join(runtime.root, runtime.workdir);

    // Nothing of the sources or the dev tools is in the image: the bundle and its own dependencies.
    expect(existsSync(join(app, 'services', image, 'src'))).toBe(false);
    for (const tool of ['tsx', 'typescript', 'esbuild', 'jest']) expect({ tool, installed: existsSync(join(app, 'node_modules', tool)) }).toEqual({ tool, installed: false });
    const size = execFileSync('du', ['-sh', join(app, 'node_modules')], { encoding: 'utf8' }).split('\t')[0];
    progress(`${image}: image files ready in ${((Date.now() - started) / 1000).toFixed(0)} s; node_modules ${size}`);

    // USER node with root-owned files in a container; here: nothing under /app writable at all.
    execFileSync('chmod', ['-R', 'a-w', runtime.root]);
    const cmd = runtimeStage!.instructions.find((i) => i.keyword === 'CMD')!;
    expect(cmd.execForm).toBe(true);
    const port = await freePort();
    const entry = await startCommandEntry(cmd.args, {
      cwd: app,
      env: { PATH: process.env.PATH, HOME: '/home/node', ...Object.fromEntries(runtime.env), PORT: String(port), HOST: '127.0.0.1', ...configuration(image, port) },
      port,
      name: `${image} (node ${cmd.args.slice(1).join(' ')})`,
    });
    running.push(entry);
    const readyz = await fetch(`${entry.url}/readyz`);
    expect(readyz.status).toBe(200);
    if (image === 'portal') {
      // Its templates, messages and assets are found beside the bundle.
      for (const path of ['/', '/?lang=sw', '/assets/portal.css', '/assets/htmx.min.js']) expect({ path, status: (await fetch(`${entry.url}${path}`)).status }).toEqual({ path, status: 200 });
    }
    const stopping = Date.now();
    expect({ code: await entry.stop(), output: entry.output() }).toEqual({ code: 0, output: expect.stringContaining('listening on 127.0.0.1') });
    progress(`${image}: ready, then exited 0 ${Date.now() - stopping} ms after SIGTERM (${((Date.now() - started) / 1000).toFixed(0)} s in all)`);
  });
});
