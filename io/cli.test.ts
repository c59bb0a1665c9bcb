import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigurationError, ToolError, UserError } from '../src/lib/errors.js';
import { parseCliArgs, reportFailure } from './cli.js';

const crashDir = mkdtempSync(join(tmpdir(), 'cli-boundary-'));
afterAll(() => rmSync(crashDir, { recursive: true, force: true }));

function boundary(error: unknown, env: NodeJS.ProcessEnv = {}, dir = crashDir) {
  let stderr = '';
  const code = reportFailure('tool', error, { stderr: (text) => (stderr += text), env, crashDir: dir });
  return { code, stderr };
}

describe('reportFailure', () => {
  it('a user or configuration error: its message as one line, exit 2', () => {
    expect(boundary(new UserError("Invalid --format 'x'. Expected one of: a, b."))).toEqual({
      code: 2,
      stderr: "tool: Invalid --format 'x'. Expected one of: a, b.\n",
    });
    expect(boundary(new ConfigurationError('env-guard.yaml: version: expected 1, got 2 (line 1)\nmore'))).toEqual({
      code: 2,
      stderr: 'tool: env-guard.yaml: version: expected 1, got 2 (line 1)\n',
    });
  });

  it('a file the machine refused (a Node.js system error) is not a bug: exit 2, its message', () => {
    const error = Object.assign(new Error("EACCES: permission denied, open '/x/plan.json'"), {
      code: 'EACCES',
      syscall: 'open',
      path: '/x/plan.json',
    });
    expect(boundary(error)).toEqual({ code: 2, stderr: "tool: EACCES: permission denied, open '/x/plan.json'\n" });
  });

  it('a tool that failed: one line naming it, its exit code, where it ran and its log, exit 2', () => {
    const error = new ToolError({
      tool: 'git diff',
      exitCode: 128,
      cwd: '/repo',
      detail: "fatal: bad revision 'x'\nusage: …",
      log: '/repo/.infra/git.log',
    });
    expect(boundary(error)).toEqual({
      code: 2,
      stderr: "tool: git diff failed (exit 128) in /repo: fatal: bad revision 'x' (log: /repo/.infra/git.log)\n",
    });
    expect(boundary(new ToolError({ tool: 'tflint', signal: 'SIGKILL' })).stderr).toBe(
      'tool: tflint failed (killed by SIGKILL)\n',
    );
  });

  it('a failed GitHub API call is a tool failure', () => {
    const error = Object.assign(new Error('Bad Gateway'), {
      status: 502,
      request: { method: 'PATCH', url: 'https://api.github.com/repos/o/r/issues/comments/1' },
    });
    expect(boundary(error)).toEqual({
      code: 2,
      stderr: 'tool: GitHub API failed: PATCH /repos/o/r/issues/comments/1 answered 502 (Bad Gateway)\n',
    });
  });

  it('anything else is a bug: one line saying so, the stack trace in a file it names, exit 70', () => {
    const { code, stderr } = boundary(new TypeError("Cannot read properties of undefined (reading 'x')"));
    expect(code).toBe(70);
    const match =
      /^tool: internal error \(a bug, please report it\): Cannot read properties of undefined \(reading 'x'\) \(stack trace in (.+)\)\n$/.exec(
        stderr,
      );
    expect(match).not.toBeNull();
    expect(readFileSync(match?.[1] ?? '', 'utf8')).toMatch(/^tool: internal error\nTypeError: Cannot read .*\n {4}at /);
  });

  it('a thrown non-Error is a bug too; without a writable log directory the line says to use DEBUG=1', () => {
    expect(boundary('oops', {}, join(crashDir, 'missing', 'dir'))).toEqual({
      code: 70,
      stderr: 'tool: internal error (a bug, please report it): oops (run again with DEBUG=1 for the stack trace)\n',
    });
  });

  it('DEBUG=1 prints the stack trace after the line, for every kind', () => {
    const user = boundary(new UserError('bad flag'), { DEBUG: '1' });
    expect(user.code).toBe(2);
    expect(user.stderr).toMatch(/^tool: bad flag\nUserError: bad flag\n {4}at /);
    const bug = boundary(new RangeError('x'), { DEBUG: '1' });
    expect(bug.code).toBe(70);
    expect(bug.stderr).toMatch(
      /^tool: internal error \(a bug, please report it\): x \(stack trace below\)\nRangeError: x\n/,
    );
  });
});

describe('parseCliArgs', () => {
  const options = {
    root: { type: 'string' },
    mask: { type: 'string', multiple: true },
    strict: { type: 'boolean' },
  } as const;
  const parse = (args: string[]) => parseCliArgs({ args, options });

  it('an unknown flag or a missing value is a user error naming the flag', () => {
    expect(() => parse(['--bogus'])).toThrow(new UserError("Unknown option '--bogus' (see --help)"));
    expect(() => parse(['--root'])).toThrow(new UserError("Option '--root <value>' argument missing (see --help)"));
  });

  it('an empty value is refused, in either spelling and in a repeated flag', () => {
    const empty = (name: string) => new UserError(`Option '--${name}' needs a value; got an empty one (see --help)`);
    expect(() => parse(['--root', ''])).toThrow(empty('root'));
    expect(() => parse(['--root='])).toThrow(empty('root'));
    expect(() => parse(['--root', '  '])).toThrow(empty('root'));
    expect(() => parse(['--mask', 'a', '--mask', ''])).toThrow(empty('mask'));
    expect(parse(['--root', 'x', '--mask', 'a', '--strict']).values).toEqual({ root: 'x', mask: ['a'], strict: true });
  });
});

describe('exitWhenIdle', () => {
  /**
   * Runs `body` after an answer and exitWhenIdle() in a new process, as a CommonJS bundle like the
   * CLIs' (a loader such as tsx keeps a message port open). beforeExit only comes on the normal exit.
   */
  function run(body: string) {
    const file = join(crashDir, `exit-${Math.random().toString(36).slice(2)}.cjs`);
    buildSync({
      stdin: {
        contents: [
          "import { exitWhenIdle } from './cli.ts';",
          "process.on('beforeExit', () => process.stdout.write('normal exit\\n'));",
          "process.stdout.write('answer\\n');",
          'process.exitCode = 3;',
          body,
          'exitWhenIdle();',
        ].join('\n'),
        resolveDir: import.meta.dirname,
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile: file,
      logLevel: 'silent',
    });
    const child = spawnSync(process.execPath, [file], { encoding: 'utf8' });
    return { code: child.status, stdout: child.stdout };
  }

  it('exits at once, with the exit code set, when only the standard streams are left', () => {
    expect(run('')).toEqual({ code: 3, stdout: 'answer\n' });
  });

  it('leaves a pending timer or child process to the normal exit', () => {
    expect(run("setTimeout(() => process.stdout.write('late\\n'), 50);")).toEqual({
      code: 3,
      stdout: 'answer\nlate\nnormal exit\n',
    });
    expect(
      run(
        "require('node:child_process').spawn(process.execPath, ['-e', '0']).on('exit', () => process.stdout.write('child done\\n'));",
      ).stdout,
    ).toBe('answer\nchild done\nnormal exit\n');
  });
});
