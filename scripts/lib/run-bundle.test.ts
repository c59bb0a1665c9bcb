import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const RUN_BUNDLE = pathToFileURL(join(import.meta.dirname, 'run-bundle.mjs')).href;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'run-bundle-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `bundle.cjs` through runBundle in a new process, as the launchers do. */
function run(source: string, cacheFile = cache(), nodeFlags: string[] = [], env: NodeJS.ProcessEnv = {}) {
  writeFileSync(join(dir, 'bundle.cjs'), source);
  const launcher = `import { runBundle } from ${JSON.stringify(RUN_BUNDLE)};
runBundle(${JSON.stringify(join(dir, 'bundle.cjs'))}, ${JSON.stringify(cacheFile)});`;
  const child = spawnSync(process.execPath, [...nodeFlags, '--input-type=module', '-e', launcher], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { code: child.status, stdout: child.stdout, stderr: child.stderr };
}

const cache = () => join(dir, 'bundle.cjs.v8-cache');

describe('runBundle', () => {
  it('runs the bundle as Node.js runs a CommonJS module: its file, require from its directory, line numbers', () => {
    writeFileSync(join(dir, 'helper.cjs'), 'module.exports = 41;\n');
    const result = run(
      [
        "const path = require('node:path');",
        "console.log(path.basename(__filename), __dirname === path.dirname(__filename), require('./helper.cjs') + 1);",
        "console.log(new Error('here').stack.split('\\n')[1].includes('bundle.cjs:3:13'));",
        'process.exitCode = 3;',
      ].join('\n'),
    );
    expect(result).toEqual({ code: 3, stdout: 'bundle.cjs true 42\ntrue\n', stderr: '' });
  });

  it('writes the code cache when the process exits, then uses it as it is', () => {
    expect(run("console.log('first');").stdout).toBe('first\n');
    const written = statSync(cache());
    expect(written.size).toBeGreaterThan(0);
    expect(run("console.log('first');").stdout).toBe('first\n');
    expect(statSync(cache()).mtimeMs).toBe(written.mtimeMs);
  });

  it('writes the cache again once when a run compiles much more than the run that wrote it', () => {
    // Two thousand functions the first run never calls, so it caches little of what a BIG run compiles.
    const functions = Array.from({ length: 2000 }, (_, i) => `function f${i}(x) { return [x, ${i}].join('-'); }`);
    const calls = Array.from({ length: 2000 }, (_, i) => `f${i}(1)`).join(', ');
    const source = `${functions.join('\n')}\nconsole.log(process.env.BIG ? [${calls}].length : 'small');`;
    const big = (expected: string) => expect(run(source, cache(), [], { BIG: '1' }).stdout).toBe(expected);
    expect(run(source).stdout).toBe('small\n');
    const small = readFileSync(cache());
    big('2000\n');
    const grown = readFileSync(cache());
    expect(grown.length).toBeGreaterThan(small.length * 2);
    big('2000\n');
    expect(run(source).stdout).toBe('small\n');
    expect(readFileSync(cache()).equals(grown)).toBe(true);
  });

  it('replaces a cache V8 refuses, and runs the bundle all the same', () => {
    writeFileSync(cache(), 'not a code cache');
    expect(run("console.log('ran');")).toEqual({ code: 0, stdout: 'ran\n', stderr: '' });
    expect(readFileSync(cache(), 'latin1')).not.toBe('not a code cache');
  });

  it('runs without a cache where it cannot write one, keeping the exit code', () => {
    const unwritable = join(dir, 'no-such-directory', 'bundle.cjs.v8-cache');
    expect(run("console.log('ran'); process.exitCode = 2;", unwritable)).toEqual({
      code: 2,
      stdout: 'ran\n',
      stderr: '',
    });
    expect(readdirSync(dir)).toEqual(['bundle.cjs']);
  });

  // V8's flags are summed up in the tag it checks a code cache against.
  const tagUnder = (flags: string[]) =>
    spawnSync(process.execPath, [...flags, '-p', "require('node:v8').cachedDataVersionTag()"], { encoding: 'utf8' })
      .stdout;
  const printTag = "console.log(require('node:v8').cachedDataVersionTag());";

  it("raises V8's tier-up budget for wasm, unless node was given one", () => {
    expect(tagUnder(['--wasm-tiering-budget=1800000'])).not.toBe(tagUnder(['--wasm-tiering-budget=50000000']));
    expect(run(printTag).stdout).toBe(tagUnder(['--wasm-tiering-budget=50000000']));
    rmSync(cache());
    expect(run(printTag, cache(), ['--wasm-tiering-budget=1234']).stdout).toBe(
      tagUnder(['--wasm-tiering-budget=1234']),
    );
  });
});
