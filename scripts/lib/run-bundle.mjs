/**
 * Runs a CommonJS bundle (scripts/build.ts) with V8's code cache, so that a start does not compile
 * megabytes of JavaScript again: Node.js 20 keeps no compile cache of its own. The cache holds the
 * bytecode of every function the run compiled; it is written when the process exits, the first
 * time the bundle runs and whenever V8 refuses it (another Node.js version, other V8 flags). Only
 * the bundle's build writes its name, once per bundle, so a cache never meets another bundle.
 * Plain JavaScript: the CLIs (scripts/cli.mjs) and the actions' dist/index.js start with it.
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';

/**
 * How much a wasm function runs before V8 compiles it again with its optimising compiler. At
 * Node.js 20's default (V8 11: 1.8 million; later V8s raised it to 13 million) the parser's few big
 * functions (tree-sitter) reach it within the first file, and their optimising compiles cost more
 * CPU time (≈ 150 ms, on threads of their own) than a one-root run takes; at this budget they are
 * compiled after about a hundred files, which a large repository still gains from. Set before the
 * bundle is compiled: V8's flags are part of what a code cache is checked against, so the cache is
 * written and read under the same flags.
 */
const WASM_TIERING_BUDGET = '--wasm-tiering-budget=50000000';

/** The budget above, unless the user gave V8 one (node's command line or NODE_OPTIONS). */
function setWasmTieringBudget() {
  const given = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((arg) =>
    /wasm[-_]tiering[-_]budget/.test(arg),
  );
  if (!given) setFlagsFromString(WASM_TIERING_BUDGET);
}

/**
 * Runs `file` as Node.js runs a CommonJS module (same line numbers), with the cache in `cacheFile`.
 * The bundle is ASCII (esbuild escapes every other character), so it is read as Latin-1: the same
 * string as UTF-8 would give, without decoding a megabyte on every start.
 */
export function runBundle(file, cacheFile) {
  setWasmTieringBudget();
  const source = readFileSync(file, 'latin1');
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    cachedData,
  });
  if (cachedData === undefined || script.cachedDataRejected) process.once('exit', () => writeCache(script, cacheFile));
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  return module.exports;
}

function writeCache(script, cacheFile) {
  const temp = `${cacheFile}.${process.pid}`;
  try {
    writeFileSync(temp, script.createCachedData());
    renameSync(temp, cacheFile);
  } catch {
    // A read-only installation runs without the cache.
    try {
      rmSync(temp, { force: true });
    } catch {
      // nothing was written
    }
  }
}
