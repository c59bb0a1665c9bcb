/**
 * How `npm run guard|infra|plan-comment` and `npm start` start: the CLI's esbuild bundle
 * (scripts/build.ts, `--only cli`), not tsx compiling TypeScript on every start, run with V8's code
 * cache (scripts/lib/run-bundle.mjs). Plain JavaScript, so that nothing is compiled before the
 * bundle runs.
 *
 *   node scripts/cli.mjs scripts/<cli>.ts [ARG …]
 *   node scripts/cli.mjs --build        (setup: rebuild when stale, run nothing)
 *
 * The bundle is rebuilt first when it is missing or stale: when one of the files it was built
 * from (dist/cli/current.json lists them) changed after the build started. That costs one stat
 * per source file. When the build fails, the CLI runs from its sources through tsx instead, so a
 * broken build never hides the program's own messages.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runBundle } from './lib/run-bundle.mjs';

const root = resolve(import.meta.dirname, '..');
const cliDir = join(root, 'dist/cli');
const script = process.argv[2];
const name = script && script !== '--build' ? basename(script, '.ts') : '';

function currentBuild() {
  try {
    return JSON.parse(readFileSync(join(cliDir, 'current.json'), 'utf8'));
  } catch {
    return undefined;
  }
}

function isFresh(manifest) {
  if (!manifest || !Array.isArray(manifest.inputs)) return false;
  try {
    if (name) statSync(join(cliDir, manifest.dir, `${name}.cjs`));
    return manifest.inputs.every((input) => statSync(join(root, input)).mtimeMs <= manifest.builtAt);
  } catch {
    return false;
  }
}

function rebuild() {
  // Loaded only to rebuild: most starts find the build fresh.
  const { spawnSync } = process.getBuiltinModule('node:child_process');
  const tsx = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href;
  const built = spawnSync(process.execPath, ['--import', tsx, join(root, 'scripts/build.ts'), '--only', 'cli'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return built.status === 0 ? currentBuild() : undefined;
}

/** The build to run: the current one, else a new one; undefined when neither is fresh. Each check stats every input. */
function freshBuild() {
  const current = currentBuild();
  if (isFresh(current)) return current;
  const rebuilt = rebuild();
  return isFresh(rebuilt) ? rebuilt : undefined;
}

if (script === '--build') {
  if (!freshBuild()) {
    process.stderr.write('cli: the CLI bundles could not be built (run: npm run build -- --only cli)\n');
    process.exit(2);
  }
  process.exit(0);
}
if (!script || !/^scripts\/[\w-]+\.ts$/.test(script)) {
  process.stderr.write('cli: usage: node scripts/cli.mjs scripts/<cli>.ts [ARG …] | --build\n');
  process.exit(2);
}

const fresh = freshBuild();
// The program sees itself as argv[1] (its entry compares it with its own file), then its arguments.
process.argv.splice(1, 2);
if (fresh) {
  const bundle = join(cliDir, fresh.dir, `${name}.cjs`);
  process.argv.splice(1, 0, bundle);
  runBundle(bundle, `${bundle}.v8-cache`);
} else {
  const source = join(root, script);
  process.argv.splice(1, 0, source);
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(source).href);
}
