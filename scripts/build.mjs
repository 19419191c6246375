#!/usr/bin/env node
// The production build: every deployable bundled to one JavaScript file with esbuild, started
// with plain `node` from the repository (or image) root:
//
//   services/<svc>/dist/serve.js   registration, proposals, county-plans, resources
//   services/portal/dist/main.js   the portal
//
// Why a bundler and not `tsc -b`: the libraries are linked through tsconfig `paths` (`@csm/*` →
// `libs/*/src/index.ts`) and their package.json `main` points at TypeScript, so `tsc` output would
// still `require('@csm/http')` and find TypeScript at run time. esbuild applies the same `paths`
// and inlines the repo's own code; every npm package stays external (native better-sqlite3,
// kafkajs, mongodb's optional modules), is required from node_modules at run time, and must be
// declared in the service's own package.json `dependencies`: the build fails naming any that is
// missing, so an image built with `npm ci --omit=dev --workspace <service>` holds what it needs.
//
//   npm run build              all deployables
//   npm run build -- portal    one (or several) by name
import { build } from 'esbuild';
import { cpSync, existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The deployables. `assets`: what the bundle reads beside itself at run time. Bundled, every
 * module's `__dirname` is `dist/`, so each folder lands where the source file that reads it looks:
 * render.ts `join(__dirname, 'views')`, portal-app.ts `join(__dirname, 'public')`, and
 * i18n/messages.ts `join(__dirname, <language>)`.
 */
const DEPLOYABLES = [
  { name: 'registration', entry: 'src/serve.ts', out: 'serve.js', assets: [] },
  { name: 'proposals', entry: 'src/serve.ts', out: 'serve.js', assets: [] },
  { name: 'county-plans', entry: 'src/serve.ts', out: 'serve.js', assets: [] },
  { name: 'resources', entry: 'src/serve.ts', out: 'serve.js', assets: [] },
  {
    name: 'portal',
    entry: 'src/main.ts',
    out: 'main.js',
    assets: [
      ['src/views', 'views'],
      ['src/public', 'public'],
      ['src/i18n/en', 'en'],
      ['src/i18n/sw', 'sw'],
    ],
  },
];

const packageOf = (specifier) => {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
};
const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

const buildOne = async (deployable) => {
  const folder = join(root, 'services', deployable.name);
  const dist = join(folder, 'dist');
  rmSync(dist, { recursive: true, force: true });
  const started = Date.now();
  const result = await build({
    absWorkingDir: root,
    entryPoints: [join(folder, deployable.entry)],
    outfile: join(dist, deployable.out),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // tsconfig paths resolve first, so `@csm/*` is inlined; every other package stays external.
    packages: 'external',
    tsconfig: join(root, 'tsconfig.base.json'),
    sourcemap: 'linked',
    sourcesContent: false,
    metafile: true,
    logLevel: 'warning',
  });
  for (const [from, to] of deployable.assets) cpSync(join(folder, from), join(dist, to), { recursive: true });

  // Every external package the bundle requires must be a runtime dependency of the service itself.
  const required = new Set();
  // The output's imports, not the inputs': a type-only import is listed by its input but elided.
  for (const output of Object.values(result.metafile.outputs))
    for (const imported of output.imports) if (imported.external && !builtins.has(imported.path)) required.add(packageOf(imported.path));
  const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
  const declared = new Set(Object.keys(manifest.dependencies ?? {}));
  const missing = [...required].filter((p) => !declared.has(p)).sort();
  const unused = [...declared].filter((p) => !required.has(p)).sort();
  if (missing.length > 0) {
    throw new Error(
      `services/${deployable.name}: the bundle requires ${missing.join(', ')} at run time, but services/${deployable.name}/package.json does not declare ` +
        `${missing.length > 1 ? 'them' : 'it'} in "dependencies". Add ${missing.length > 1 ? 'them' : 'it'} there (same version range as the root package.json), then run \`npm install\` and commit package-lock.json.`,
    );
  }
  if (unused.length > 0) console.warn(`[build] services/${deployable.name}: declared but not required by the bundle: ${unused.join(', ')}`);
  const size = statSync(join(dist, deployable.out)).size;
  console.log(
    `[build] ${relative(root, join(dist, deployable.out))}  ${(size / 1024).toFixed(0)} KiB  external: ${[...required].sort().join(', ')}  (${Date.now() - started} ms)`,
  );
};

const main = async () => {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !DEPLOYABLES.some((d) => d.name === name));
  if (unknown.length > 0) {
    console.error(`[build] unknown deployable ${unknown.join(', ')}: one of ${DEPLOYABLES.map((d) => d.name).join(', ')}`);
    process.exit(2);
  }
  const started = Date.now();
  for (const deployable of DEPLOYABLES.filter((d) => wanted.length === 0 || wanted.includes(d.name))) {
    if (!existsSync(join(root, 'services', deployable.name, deployable.entry))) throw new Error(`services/${deployable.name}/${deployable.entry} is missing`);
    await buildOne(deployable);
  }
  console.log(`[build] done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
};

main().catch((error) => {
  console.error(`[build] failed: ${error instanceof Error ? error.message : String(error)}`);
  console.error('[build] nothing was deployed; fix the error above and run `npm run build` again.');
  process.exit(1);
});
