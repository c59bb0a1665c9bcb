import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

async function exitOf(cmd: string, args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(cmd, args, { maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

// The typecheck and lint stages with the project's own settings, pointed at a deliberately
// broken file (test/fixtures/broken-ts/bad.ts, excluded from the real stages).
describe('typecheck and lint stages fail when they should', () => {
  it('typecheck rejects a type error with file and line', async () => {
    const { code, out } = await exitOf('npx', ['tsc', '--noEmit', '-p', 'test/fixtures/broken-ts/tsconfig.json']);
    expect(code).not.toBe(0);
    expect(out).toContain("bad.ts(4,9): error TS2322: Type 'string' is not assignable to type 'number'.");
  });

  it('lint rejects a floating promise and an unused variable', async () => {
    const { code, out } = await exitOf('npx', [
      'eslint',
      '--no-ignore',
      '--max-warnings',
      '0',
      'test/fixtures/broken-ts/bad.ts',
    ]);
    expect(code).toBe(1);
    expect(out).toMatch(/9:3 +error .*no-floating-promises/);
    expect(out).toMatch(/10:9 +error .*no-unused-vars/);
  });
});

describe('workflows stage fails when it should', () => {
  it('rejects script injection, unknown inputs, bad expressions, shellcheck and zizmor findings, and a deprecated action runtime', async () => {
    const { code, out } = await exitOf('npx', [
      'tsx',
      'scripts/workflow-lint.ts',
      '--root',
      'test/fixtures/workflows-bad',
    ]);
    expect(code).toBe(1);
    expect(out).toMatch(/bad\.yml:9:23: "github\.event\.pull_request\.title" is potentially untrusted/);
    expect(out).toMatch(/bad\.yml:12:11: input "no-such-input" is not defined/);
    expect(out).toMatch(/bad\.yml:13:26: property "nope" is not defined/);
    expect(out).toMatch(/bad\.yml:9:9: shellcheck reported issue in this script: SC2086/);
    expect(out).toMatch(/error\[unpinned-uses\]: unpinned action reference\n\s+--> .*bad\.yml:10:15/);
    expect(out).toMatch(/error\[template-injection\]: code injection via template expansion\n\s+--> .*bad\.yml:9:23/);
    expect(out).toContain(
      "actions/old/action.yml: runs.using 'node20' is a runtime GitHub has deprecated; expected node24\n",
    );
  });
});
