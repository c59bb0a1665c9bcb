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
import { Script } from 'node:vm';

/**
 * Runs `file` as Node.js runs a CommonJS module (same line numbers), with the cache in `cacheFile`.
 * The bundle is ASCII (esbuild escapes every other character), so it is read as Latin-1: the same
 * string as UTF-8 would give, without decoding a megabyte on every start.
 */
export function runBundle(file, cacheFile) {
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
