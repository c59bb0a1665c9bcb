/**
 * `npm run build`: bundles every action (`actions/<name>/src/index.ts` → `actions/<name>/dist/index.js`),
 * every Lambda function (`modules/<m>/functions/<fn>/src/index.ts` → `…/<fn>/dist/index.mjs`, the
 * directory the module zips), every static page script (`modules/<m>/web/src/upload.ts` →
 * `modules/<m>/web/dist/upload.js`, a browser bundle the module uploads next to index.html) and the
 * CLIs `npm run` starts (`scripts/<cli>.ts` → `dist/cli/<build>/<cli>.mjs`, see scripts/cli.mjs) with
 * esbuild. Bundles are build output, not committed: workflows run `npm ci && npm run build` before
 * they use `./actions/<name>` or plan a root; setup builds the CLIs, and scripts/cli.mjs rebuilds
 * them when a source changed.
 *
 *   npm run build [-- --only actions|functions|web|cli]
 */
import { existsSync, readdirSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { EXIT_OK, oneOf, parseCliArgs, runCli } from '../io/cli.js';
import { repoRoot } from './lib/tools.js';

export interface BundleTarget {
  entry: string;
  outfile: string;
  kind: 'action' | 'function' | 'web';
}

/** `--only` values and the kind of bundle each selects. */
const ONLY = ['actions', 'functions', 'web', 'cli'] as const;
const KIND_OF: Record<Exclude<(typeof ONLY)[number], 'cli'>, BundleTarget['kind']> = {
  actions: 'action',
  functions: 'function',
  web: 'web',
};

export function bundleTargets(root = repoRoot): BundleTarget[] {
  const targets: BundleTarget[] = [];
  const dirs = (path: string) =>
    existsSync(path)
      ? readdirSync(path, { withFileTypes: true })
          .filter((d) => d.isDirectory())
          .map((d) => d.name)
      : [];
  for (const action of dirs(join(root, 'actions'))) {
    const entry = join(root, 'actions', action, 'src/index.ts');
    if (existsSync(entry))
      targets.push({ entry, outfile: join(root, 'actions', action, 'dist/index.js'), kind: 'action' });
  }
  for (const moduleName of dirs(join(root, 'modules'))) {
    for (const fn of dirs(join(root, 'modules', moduleName, 'functions'))) {
      const entry = join(root, 'modules', moduleName, 'functions', fn, 'src/index.ts');
      if (existsSync(entry))
        targets.push({
          entry,
          outfile: join(root, 'modules', moduleName, 'functions', fn, 'dist/index.mjs'),
          kind: 'function',
        });
    }
    const page = join(root, 'modules', moduleName, 'web/src/upload.ts');
    if (existsSync(page))
      targets.push({ entry: page, outfile: join(root, 'modules', moduleName, 'web/dist/upload.js'), kind: 'web' });
  }
  return targets;
}

const WASM_PACKAGES = ['@cdktf/hcl2json', 'web-tree-sitter', '@tree-sitter-grammars/tree-sitter-hcl'];
// jsonc-parser's "main" is a UMD build that requires its own files at run time; its ES module
// build bundles.
const ALIAS = { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' };
// ESM bundles that still contain CommonJS dependencies need a require().
const REQUIRE_BANNER = "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);";

export async function bundle(target: BundleTarget): Promise<void> {
  const common: BuildOptions = {
    entryPoints: [target.entry],
    outfile: target.outfile,
    bundle: true,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
  };
  if (target.kind === 'web') {
    // A classic script (loaded with `defer`) for current browsers; no Node built-ins.
    await build({
      ...common,
      platform: 'browser',
      format: 'iife',
      target: ['chrome109', 'edge109', 'firefox115', 'safari15.6'],
      minify: true,
    });
    return;
  }
  await build({
    ...common,
    platform: 'node',
    format: 'esm',
    // Actions run on GitHub's node24 (action.yml runs.using); the same bundle runs on Node 20 in
    // local tests, which the sources allow (package.json engines). Lambda functions: nodejs24.x.
    target: target.kind === 'action' ? 'node24' : 'node22',
    // @cdktf/hcl2json's wasm bridge has `globalThis.performance ??= require("performance")`, a
    // browser polyfill that never runs on Node (which has globalThis.performance).
    // Packages that load their own .wasm next to their sources (hcl2json via __dirname, tree-sitter via
    // require.resolve) stay external: the action imports them from the repository's node_modules
    // (workflows run `npm ci` before using ./actions/<name>).
    external: target.kind === 'action' ? ['performance', ...WASM_PACKAGES] : ['performance'],
    alias: ALIAS,
    banner: { js: REQUIRE_BANNER },
  });
}

/** The CLIs `npm run` starts from their bundle (package.json scripts → scripts/cli.mjs). */
export const CLI_ENTRIES = ['guard', 'infra', 'plan-comment', 'start'] as const;
/** Where the CLI builds live: one directory per build, and `current.json` naming the one to run. */
export const CLI_DIR = 'dist/cli';

/** What scripts/cli.mjs reads to decide whether the current build is stale. */
export interface CliManifest {
  /** The build's directory below CLI_DIR. */
  dir: string;
  /** When the build started (ms since the epoch): an input modified later makes it stale. */
  builtAt: number;
  /** Repository-relative files the bundles were built from, plus the lock file and this script. */
  inputs: string[];
}

/**
 * The bundles sit three directories below the repository, not where their sources are: a source's
 * `import.meta.dirname` / `import.meta.filename` becomes its own location again, so paths it
 * computes from them (the repository root, a README) stay right. An entry keeps its own
 * `import.meta.filename`, which is how it knows it is the program being run.
 */
function sourceLocations(root: string, entries: ReadonlySet<string>): Plugin {
  return {
    name: 'source-locations',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, async (args) => {
        const text = await readFile(args.path, 'utf8');
        if (args.path.includes('/node_modules/') || !text.includes('import.meta.')) return undefined;
        const rel = relative(root, args.path);
        const dir = relative(root, resolve(args.path, '..'));
        let contents = text.replaceAll('import.meta.dirname', `(__phenomRoot + ${JSON.stringify(`/${dir}`)})`);
        if (!entries.has(args.path))
          contents = contents.replaceAll('import.meta.filename', `(__phenomRoot + ${JSON.stringify(`/${rel}`)})`);
        return { contents, loader: 'ts' };
      });
    },
  };
}

/**
 * Bundles the CLIs into a new directory below CLI_DIR (shared modules as chunks, modules loaded
 * with `import()` only when used), then points `current.json` at it. A process still running an
 * older build keeps its files: only builds older than the previous one are removed.
 */
export async function buildCli(root = repoRoot): Promise<CliManifest> {
  const builtAt = Date.now();
  const dir = `${builtAt.toString(36)}-${process.pid}`;
  const base = join(root, CLI_DIR);
  const entryPoints = Object.fromEntries(CLI_ENTRIES.map((name) => [name, join(root, 'scripts', `${name}.ts`)]));
  const result = await build({
    absWorkingDir: root,
    entryPoints,
    outdir: join(base, dir),
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunk-[hash]',
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
    // esbuild runs its own binary, found next to its package: it is never bundled.
    external: ['performance', 'esbuild', ...WASM_PACKAGES],
    alias: ALIAS,
    banner: {
      js: `${REQUIRE_BANNER} import { fileURLToPath as __fu } from 'node:url'; const __phenomRoot = __fu(new URL('../../..', import.meta.url)).replace(/\\/$/, '');`,
    },
    plugins: [sourceLocations(root, new Set(Object.values(entryPoints)))],
  });
  const inputs = [
    ...new Set(
      Object.keys(result.metafile.inputs)
        .filter((path) => !path.startsWith('node_modules/') && !path.includes(':'))
        .concat('package-lock.json', 'scripts/build.ts'),
    ),
  ].sort();
  const manifest: CliManifest = { dir, builtAt, inputs };
  const temp = join(base, `current.json.${process.pid}`);
  await writeFile(temp, `${JSON.stringify(manifest)}\n`);
  const previous = await readFile(join(base, 'current.json'), 'utf8')
    .then((text) => (JSON.parse(text) as CliManifest).dir)
    .catch(() => undefined);
  await rename(temp, join(base, 'current.json'));
  const keep = new Set([dir, previous, 'current.json']);
  await Promise.all(
    readdirSync(base)
      .filter((name) => !keep.has(name) && !name.startsWith('current.json.'))
      .map((name) => rm(join(base, name), { recursive: true, force: true })),
  );
  return manifest;
}

const HELP = `Usage: npm run build [-- --only actions|functions|web|cli]

Bundles every action, Lambda function, upload page script and the CLIs npm run starts (guard,
infra, plan-comment, start) with esbuild (all kinds unless --only names one) and prints each
bundle it wrote.
Exit 0 built; 2 could not run (bad flag, a bundle failed to build), one line on stderr; 70 internal
error (a bug; the line names the file holding the stack trace).
`;

async function main(argv: string[]): Promise<number> {
  const { values } = parseCliArgs({
    args: argv,
    options: { only: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return EXIT_OK;
  }
  const only = values.only === undefined ? undefined : oneOf('--only', values.only, ONLY, 'actions');
  if (only === undefined || only !== 'cli') {
    const kind = only === undefined ? undefined : KIND_OF[only];
    const targets = bundleTargets().filter((t) => kind === undefined || t.kind === kind);
    for (const target of targets) {
      await bundle(target);
      process.stdout.write(`built ${relative(repoRoot, target.outfile)}\n`);
    }
  }
  if (only === undefined || only === 'cli') {
    const { dir } = await buildCli();
    for (const name of CLI_ENTRIES) process.stdout.write(`built ${CLI_DIR}/${dir}/${name}.mjs\n`);
  }
  return EXIT_OK;
}

if (process.argv[1] && import.meta.filename === process.argv[1]) await runCli('build', main);
