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
import { build } from 'esbuild';
import { repoRoot } from './lib/tools.js';

export interface BundleTarget {
  entry: string;
  outfile: string;
  kind: 'action' | 'function' | 'web';
}

const KINDS = { actions: 'action', functions: 'function', web: 'web' } as const;

export function bundleTargets(root = repoRoot): BundleTarget[] {
  const targets: BundleTarget[] = [];
  const dirs = (path: string) => (existsSync(path) ? readdirSync(path, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name) : []);
  for (const action of dirs(join(root, 'actions'))) {
    const entry = join(root, 'actions', action, 'src/index.ts');
    if (existsSync(entry)) targets.push({ entry, outfile: join(root, 'actions', action, 'dist/index.js'), kind: 'action' });
  }
  for (const moduleName of dirs(join(root, 'modules'))) {
    for (const fn of dirs(join(root, 'modules', moduleName, 'functions'))) {
      const entry = join(root, 'modules', moduleName, 'functions', fn, 'src/index.ts');
      if (existsSync(entry)) targets.push({ entry, outfile: join(root, 'modules', moduleName, 'functions', fn, 'dist/index.mjs'), kind: 'function' });
    }
    const page = join(root, 'modules', moduleName, 'web/src/upload.ts');
    if (existsSync(page)) targets.push({ entry: page, outfile: join(root, 'modules', moduleName, 'web/dist/upload.js'), kind: 'web' });
  }
  return targets;
}

const WASM_PACKAGES = ['@cdktf/hcl2json', 'web-tree-sitter', '@tree-sitter-grammars/tree-sitter-hcl'];

export async function bundle(target: BundleTarget): Promise<void> {
  if (target.kind === 'web') {
    // A classic script (loaded with `defer`) for current browsers; no Node built-ins.
    await build({
      entryPoints: [target.entry],
      outfile: target.outfile,
      bundle: true,
      platform: 'browser',
      format: 'iife',
      target: ['chrome109', 'edge109', 'firefox115', 'safari15.6'],
      minify: true,
      sourcemap: false,
      legalComments: 'none',
      logLevel: 'warning',
    });
    return;
  }
  await build({
    entryPoints: [target.entry],
    outfile: target.outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    // Actions run on the runner's node20/node24; Lambda functions on nodejs24.x.
    target: target.kind === 'action' ? 'node20' : 'node22',
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
    // @cdktf/hcl2json's wasm bridge has `globalThis.performance ??= require("performance")`, a
    // browser polyfill that never runs on Node (which has globalThis.performance).
    // Packages that load their own .wasm next to their sources (hcl2json via __dirname, tree-sitter via
    // require.resolve) stay external: the action imports them from the repository's node_modules
    // (workflows run `npm ci` before using ./actions/<name>).
    external: target.kind === 'action' ? ['performance', ...WASM_PACKAGES] : ['performance'],
    // ESM bundles that still contain CommonJS dependencies need a require().
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
}

async function main(): Promise<number> {
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
  if (only !== undefined && !(only in KINDS)) throw new Error(`Invalid --only '${only}'. Expected one of: ${Object.keys(KINDS).join(', ')}.`);
  const kind = only === undefined ? undefined : KINDS[only as keyof typeof KINDS];
  const targets = bundleTargets().filter((t) => kind === undefined || t.kind === kind);
  for (const target of targets) {
    await bundle(target);
    process.stdout.write(`built ${relative(repoRoot, target.outfile)}\n`);
  }
  return 0;
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  main().then((code) => (process.exitCode = code), (error: unknown) => {
    process.stderr.write(`build: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  });
}
