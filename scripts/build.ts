/**
 * `npm run build`: bundles every action (`actions/<name>/src/index.ts` → `actions/<name>/dist/index.js`),
 * every Lambda function (`modules/<m>/functions/<fn>/src/index.ts` → `…/<fn>/dist/index.mjs`, the
 * directory the module zips), every static page script (`modules/<m>/web/src/upload.ts` →
 * `modules/<m>/web/dist/upload.js`, a browser bundle the module uploads next to index.html) and the
 * CLIs `npm run` starts (`scripts/<cli>.ts` → `dist/cli/<build>/<cli>.cjs`, see scripts/cli.mjs) with
 * esbuild. Bundles are build output, not committed: workflows run `npm ci && npm run build` before
 * they use `./actions/<name>` or plan a root; setup builds the CLIs, and scripts/cli.mjs rebuilds
 * them when a source changed.
 *
 *   npm run build [-- --only actions|functions|web|cli]
 */
import { existsSync, readdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { readFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { EXIT_OK, oneOf, parseCliArgs, runCli } from '../io/cli.js';
import { repoRoot } from './lib/tools.js';

/** Runs a CommonJS bundle with V8's code cache: what every launcher of a bundle calls. */
const RUN_BUNDLE = join(import.meta.dirname, 'lib/run-bundle.mjs');

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

// @cdktf/hcl2json's wasm bridge has `globalThis.performance ??= require("performance")`, a browser
// polyfill that never runs on Node (which has globalThis.performance). Packages that load their own
// .wasm next to their sources (hcl2json via __dirname, the grammar via require.resolve) stay
// external: a bundle loads them from the repository's node_modules (workflows run `npm ci` before
// using ./actions/<name>). web-tree-sitter is bundled: src/hcl/tree-sitter.ts tells it where its
// wasm is.
const EXTERNAL = ['performance', '@cdktf/hcl2json', '@tree-sitter-grammars/tree-sitter-hcl'];
// jsonc-parser's "main" is a UMD build that requires its own files at run time; its ES module
// build bundles.
const ALIAS = { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' };
// ESM bundles that still contain CommonJS dependencies need a require().
const REQUIRE_BANNER = "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);";

/**
 * web-tree-sitter's CommonJS build, which a CommonJS bundle can hold: its ES module build loads
 * Node's modules with a top-level `await import()`.
 */
const treeSitterCommonJs: Plugin = {
  name: 'web-tree-sitter-cjs',
  setup(b) {
    b.onResolve({ filter: /^web-tree-sitter$/ }, (args) => ({
      path: createRequire(join(args.resolveDir, 'index.js')).resolve('web-tree-sitter'),
    }));
  },
};

/**
 * Packages whose import alone changes nothing: left out of a bundle that uses none of their
 * exports. @actions/core imports @actions/http-client (and with it undici, half a megabyte that
 * loads Node's network stack) for one function, getIDToken, that env-guard never calls; esbuild
 * keeps a package's imports for their side effects unless told there are none.
 */
const NO_SIDE_EFFECTS = /^(?:@actions\/http-client|undici|tunnel)(?:\/|$)/;
const pureImports: Plugin = {
  name: 'pure-imports',
  setup(b) {
    b.onResolve({ filter: NO_SIDE_EFFECTS }, async (args) => {
      if (args.pluginData === 'pure-imports') return undefined;
      const resolved = await b.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: 'pure-imports',
      });
      return resolved.errors.length > 0 ? { errors: resolved.errors } : { ...resolved, sideEffects: false };
    });
  },
};

/**
 * What the CLI and action bundles share. They are CommonJS, each one file, so that
 * scripts/lib/run-bundle.mjs can run them with V8's code cache (Node.js 20 caches no ES module);
 * `import.meta` is defined from the bundle's own file, as it was in an ES module bundle.
 * Whitespace and syntax are minified (fewer bytes to read and compile); names are kept, so stack
 * traces stay readable. `import()` becomes `require()`: every package left external is CommonJS
 * (or has a `require` build), and a vm script has no loader of its own for `import()`.
 */
const CACHED_BUNDLE: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  minifyWhitespace: true,
  minifySyntax: true,
  // run-bundle.mjs reads the bundle as Latin-1.
  charset: 'ascii',
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  supported: { 'dynamic-import': false },
  alias: ALIAS,
  external: EXTERNAL,
  plugins: [treeSitterCommonJs, pureImports],
  define: {
    'import.meta.url': '__phenomUrl',
    'import.meta.filename': '__filename',
    'import.meta.dirname': '__dirname',
  },
  // The directive comes first, before the banner's own code, or it is not one: the sources are ES
  // modules, which are strict.
  banner: { js: `"use strict"; var __phenomUrl = require('node:url').pathToFileURL(__filename).href;` },
};

/**
 * An action: `dist/index.cjs` (the CommonJS bundle) and `dist/index.js`, what the runner starts
 * (action.yml `main`), which runs the bundle with its code cache. The cache's name holds a hash of
 * the bundle, so a cache of an earlier build is never used; caches of earlier builds are removed.
 */
async function bundleAction(target: BundleTarget): Promise<void> {
  const payload = target.outfile.replace(/\.js$/, '.cjs');
  const built = await build({
    ...CACHED_BUNDLE,
    entryPoints: [target.entry],
    outfile: payload,
    // Actions run on GitHub's node24 (action.yml runs.using); the same bundle runs on Node 20 in
    // local tests, which the sources allow (package.json engines).
    target: 'node24',
    write: false,
  });
  const code = built.outputFiles[0]!.contents;
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
  await mkdir(dirname(payload), { recursive: true });
  const stale = readdirSync(dirname(payload)).filter(
    (name) => name.startsWith(`${basename(payload)}.`) && name.endsWith('.v8-cache'),
  );
  await Promise.all(stale.map((name) => rm(join(dirname(payload), name), { force: true })));
  await writeFile(payload, code);
  // The launcher is CommonJS too: an ES module entry costs Node.js its ES module loader first.
  // The repository's package.json says "module"; this one, next to the launcher, says otherwise.
  await writeFile(join(dirname(payload), 'package.json'), '{ "type": "commonjs" }\n');
  await build({
    stdin: {
      contents: [
        `import { runBundle } from ${JSON.stringify(RUN_BUNDLE)};`,
        `const bundle = require('node:path').join(__dirname, ${JSON.stringify(basename(payload))});`,
        `runBundle(bundle, \`\${bundle}.${hash}.v8-cache\`);`,
      ].join('\n'),
      resolveDir: repoRoot,
      loader: 'js',
    },
    outfile: target.outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node24',
    legalComments: 'none',
    logLevel: 'warning',
  });
}

export async function bundle(target: BundleTarget): Promise<void> {
  if (target.kind === 'action') return bundleAction(target);
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
  // Lambda functions: nodejs24.x.
  await build({
    ...common,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    external: ['performance'],
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
 * computes from them (the repository root, a README) stay right. An entry's `import.meta.filename`
 * is the bundle's own file, which is how it knows it is the program being run.
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
 * Bundles the CLIs into a new directory below CLI_DIR (`<cli>.cjs`, one file each), then points
 * `current.json` at it. A process still running an older build keeps its files: only builds older
 * than the previous one are removed. Every build has a directory of its own, so the code cache
 * written next to a bundle (run-bundle.mjs) belongs to that bundle.
 */
export async function buildCli(root = repoRoot): Promise<CliManifest> {
  const builtAt = Date.now();
  const dir = `${builtAt.toString(36)}-${process.pid}`;
  const base = join(root, CLI_DIR);
  const entryPoints = Object.fromEntries(CLI_ENTRIES.map((name) => [name, join(root, 'scripts', `${name}.ts`)]));
  const result = await build({
    ...CACHED_BUNDLE,
    absWorkingDir: root,
    entryPoints,
    outdir: join(base, dir),
    outExtension: { '.js': '.cjs' },
    target: 'node20',
    metafile: true,
    // esbuild runs its own binary, found next to its package: it is never bundled.
    external: [...EXTERNAL, 'esbuild'],
    banner: {
      js: `${CACHED_BUNDLE.banner?.js} var __phenomRoot = require('node:path').resolve(__dirname, '../../..');`,
    },
    plugins: [treeSitterCommonJs, pureImports, sourceLocations(root, new Set(Object.values(entryPoints)))],
  });
  const inputs = [
    ...new Set(
      Object.keys(result.metafile.inputs)
        .filter((path) => !path.startsWith('node_modules/') && !path.includes(':'))
        .concat('package-lock.json', 'scripts/build.ts', 'scripts/lib/run-bundle.mjs'),
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
  if (only !== 'cli') {
    const kind = only === undefined ? undefined : KIND_OF[only];
    const targets = bundleTargets().filter((t) => kind === undefined || t.kind === kind);
    for (const target of targets) {
      await bundle(target);
      process.stdout.write(`built ${relative(repoRoot, target.outfile)}\n`);
    }
  }
  if (only === undefined || only === 'cli') {
    const { dir } = await buildCli();
    for (const name of CLI_ENTRIES) process.stdout.write(`built ${CLI_DIR}/${dir}/${name}.cjs\n`);
  }
  return EXIT_OK;
}

if (process.argv[1] && import.meta.filename === process.argv[1]) void runCli('build', main);
