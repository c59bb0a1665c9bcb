/**
 * `npm run build`: bundles every action (`actions/<name>/src/index.ts` → `actions/<name>/dist/index.js`),
 * every Lambda function (`modules/<m>/functions/<fn>/src/index.ts` → `…/<fn>/dist/index.mjs`, the
 * directory the module zips) and every static page script (`modules/<m>/web/src/upload.ts` →
 * `modules/<m>/web/dist/upload.js`, a browser bundle the module uploads next to index.html) with
 * esbuild. Bundles are build output, not committed: workflows run `npm ci && npm run build` before
 * they use `./actions/<name>` or plan a root.
 *
 *   npm run build [-- --only actions|functions|web]
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { EXIT_OK, oneOf, parseCliArgs, runCli } from '../io/cli.js';
import { repoRoot } from './lib/tools.js';

export interface BundleTarget {
  entry: string;
  outfile: string;
  kind: 'action' | 'function' | 'web';
}

/** `--only` values and the kind of bundle each selects. */
const ONLY = ['actions', 'functions', 'web'] as const;
const KIND_OF: Record<(typeof ONLY)[number], BundleTarget['kind']> = {
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
    // jsonc-parser's "main" is a UMD build that requires its own files at run time; its ES module
    // build bundles.
    alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
    // ESM bundles that still contain CommonJS dependencies need a require().
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
}

const HELP = `Usage: npm run build [-- --only actions|functions|web]

Bundles every action, Lambda function and upload page script with esbuild (all kinds
unless --only names one) and prints each bundle it wrote.
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
  const kind = values.only === undefined ? undefined : KIND_OF[oneOf('--only', values.only, ONLY, 'actions')];
  const targets = bundleTargets().filter((t) => kind === undefined || t.kind === kind);
  for (const target of targets) {
    await bundle(target);
    process.stdout.write(`built ${relative(repoRoot, target.outfile)}\n`);
  }
  return EXIT_OK;
}

if (process.argv[1] && import.meta.filename === process.argv[1]) await runCli('build', main);
