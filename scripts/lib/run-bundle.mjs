/**
 * Runs a CommonJS bundle (scripts/build.ts) with V8's code cache, so that a start does not compile
 * megabytes of JavaScript again: Node.js 20 keeps no compile cache of its own. The cache holds the
 * bytecode of every function the run compiled; it is written when the process exits, the first
 * time the bundle runs, whenever V8 refuses it (another Node.js version, other V8 flags) and when
 * a run compiled much more than the run that wrote it (see GROWTH). Only the bundle's build writes
 * its name, once per bundle, so a cache never meets another bundle.
 * Plain JavaScript: the CLIs (scripts/cli.mjs) and the actions' dist/index.js start with it.
 */
import { Buffer } from 'node:buffer';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { getHeapCodeStatistics, setFlagsFromString } from 'node:v8';
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
 * A cache file is a header, then V8's data. The header holds the heap's bytecode size when the
 * cache was written: a later run that ends with GROWTH times as much compiled more than the cache
 * holds (a first run of `--help` caches little of what `infra affected` runs), so it writes the
 * cache again, with both runs' functions. Runs that compile no more than the writer did (the
 * common case) leave the file alone: measuring costs one pass over the heap at exit (≈ 2 ms after
 * `infra affected` on 500 roots), writing ≈ 10 ms.
 */
const HEADER_BYTES = 8;
const GROWTH = 1.25;

const compiledBytes = () => getHeapCodeStatistics().bytecode_and_metadata_size;

/** The cache's V8 data and the bytecode size it was written at; undefined when there is none. */
function readCache(cacheFile) {
  let bytes;
  try {
    bytes = readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  if (bytes.length <= HEADER_BYTES) return undefined;
  return { data: bytes.subarray(HEADER_BYTES), compiled: Number(bytes.readBigUInt64LE(0)) };
}

/**
 * Runs `file` as Node.js runs a CommonJS module (same line numbers), with the cache in `cacheFile`.
 * The bundle is ASCII (esbuild escapes every other character), so it is read as Latin-1: the same
 * string as UTF-8 would give, without decoding a megabyte on every start.
 */
export function runBundle(file, cacheFile) {
  setWasmTieringBudget();
  const source = readFileSync(file, 'latin1');
  const cache = readCache(cacheFile);
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    cachedData: cache?.data,
  });
  const stale = cache === undefined || script.cachedDataRejected === true;
  process.once('exit', () => {
    const compiled = compiledBytes();
    if (stale || compiled > cache.compiled * GROWTH) writeCache(script, cacheFile, compiled);
  });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  return module.exports;
}

function writeCache(script, cacheFile, compiled) {
  const temp = `${cacheFile}.${process.pid}`;
  try {
    const header = Buffer.alloc(HEADER_BYTES);
    header.writeBigUInt64LE(BigInt(compiled));
    writeFileSync(temp, Buffer.concat([header, script.createCachedData()]));
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
