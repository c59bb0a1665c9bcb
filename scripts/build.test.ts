import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bundle } from './build.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'build-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Builds `src/index.ts` (this text) as an action and runs `dist/index.js` as the runner does. */
async function buildAndRun(source: string) {
  writeFileSync(join(dir, 'index.ts'), source);
  await bundle({ entry: join(dir, 'index.ts'), outfile: join(dir, 'dist/index.js'), kind: 'action' });
  const child = spawnSync(process.execPath, [join(dir, 'dist/index.js')], { encoding: 'utf8' });
  return { code: child.status, stdout: child.stdout, stderr: child.stderr };
}

const caches = () => readdirSync(join(dir, 'dist')).filter((name) => name.endsWith('.v8-cache'));

describe('an action bundle', () => {
  it('runs as the ES module it was written as: strict, import.meta from its own file', async () => {
    const result = await buildAndRun(
      [
        "import { basename } from 'node:path';",
        'function self(this: unknown) {',
        '  return this;',
        '}',
        'console.log(self() === undefined, basename(import.meta.dirname), basename(import.meta.filename));',
        "console.log(new URL('.', import.meta.url).pathname.endsWith('/dist/'));",
        'process.exitCode = 4;',
      ].join('\n'),
    );
    expect(result).toEqual({ code: 4, stdout: 'true dist index.cjs\ntrue\n', stderr: '' });
  });

  it('keeps a code cache named for its contents, and drops it when the bundle changes', async () => {
    await buildAndRun("console.log('one');");
    const first = caches();
    expect(first).toHaveLength(1);
    expect((await buildAndRun("console.log('one');")).stdout).toBe('one\n');
    expect(caches()).toEqual(first);
    expect((await buildAndRun("console.log('two');")).stdout).toBe('two\n');
    expect(caches()).toHaveLength(1);
    expect(caches()).not.toEqual(first);
  });
});
