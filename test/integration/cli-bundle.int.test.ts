/**
 * The CLIs as npm starts them: from their esbuild bundle through scripts/cli.mjs, with the same
 * output as their sources, and rebuilt when a source changed after the build.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot, runScript } from '../helpers/run-script.js';

const current = () =>
  JSON.parse(readFileSync(join(projectRoot, 'dist/cli/current.json'), 'utf8')) as {
    dir: string;
    builtAt: number;
    inputs: string[];
  };

const bundled = (script: string, args: string[]) => {
  try {
    return {
      code: 0,
      stdout: execFileSync(process.execPath, [join(projectRoot, 'scripts/cli.mjs'), script, ...args], {
        cwd: projectRoot,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    };
  } catch (error) {
    const failed = error as { status: number; stdout: string; stderr: string };
    return { code: failed.status, stdout: failed.stdout, stderr: failed.stderr };
  }
};

describe('CLI bundles', () => {
  it('print what their sources print: --help, a bad flag', async () => {
    for (const script of ['scripts/guard.ts', 'scripts/infra.ts', 'scripts/plan-comment.ts', 'scripts/start.ts']) {
      const fromSource = await runScript(script, ['--help']);
      expect(bundled(script, ['--help']), script).toEqual({ code: fromSource.code, stdout: fromSource.stdout });
      const bad = await runScript(script, ['--no-such-flag']);
      expect(bundled(script, ['--no-such-flag']), script).toEqual({
        code: bad.code,
        stdout: bad.stdout,
        stderr: bad.stderr,
      });
    }
  });

  it('rebuild when a source they were built from changed after the build, and only then', () => {
    bundled('--build', []);
    const before = current();
    expect(before.inputs).toEqual(expect.arrayContaining(['scripts/guard.ts', 'src/repo/repository.ts']));
    bundled('scripts/guard.ts', ['--help']);
    expect(current().dir).toBe(before.dir);
    const source = join(projectRoot, 'src/repo/repository.ts');
    const { atime } = statSync(source);
    utimesSync(source, atime, new Date(before.builtAt + 1000));
    expect(bundled('scripts/guard.ts', ['--help']).code).toBe(0);
    const after = current();
    expect(after.dir).not.toBe(before.dir);
    expect(statSync(join(projectRoot, 'dist/cli', after.dir, 'guard.cjs')).isFile()).toBe(true);
  });
});
