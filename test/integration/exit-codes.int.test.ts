/**
 * The exit codes every CLI entry point documents, driven as users run them (a child process):
 * 0 ok, 1 findings, 2 a user error (one line on stderr), 70 an unexpected error (one line that
 * says it is a bug and names the file holding the stack trace). The unexpected error is forced
 * by test/helpers/force-internal-error.mjs (the first write to stdout throws a TypeError).
 *
 * Covered elsewhere, because they need more set-up: `infra drift`'s 3 (drift found) and the
 * per-root failures of plan/apply in infra-terraform.int.test.ts; verify's 0 on a seeded stack
 * in verify.int.test.ts. `npm start` has no findings case here: it always guards this repository.
 */
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { development, terraformOutputJson } from '../../scripts/verify/test-helpers.js';
import { runScript, tsxLoader as tsx, type ScriptRun } from '../helpers/run-script.js';
import { writeTree } from '../helpers/write-tree.js';

const repo = resolve(import.meta.dirname, '../..');
const forceBug = pathToFileURL(join(repo, 'test/helpers/force-internal-error.mjs')).href;

type Run = ScriptRun;

let temp = '';
let crashDir = '';
beforeAll(async () => {
  temp = await mkdtemp(join(tmpdir(), 'exit-codes-'));
  crashDir = join(temp, 'runner-temp');
  await writeTree(crashDir, { '.keep': '' });
});
afterAll(async () => {
  await rm(temp, { recursive: true, force: true });
});

function run(
  script: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; bug?: boolean } = {},
): Promise<Run> {
  return runScript(script, args, {
    ...(options.cwd ? { cwd: options.cwd } : {}),
    env: {
      GITHUB_BASE_REF: '',
      GITHUB_STEP_SUMMARY: '',
      DEBUG: '',
      RUNNER_TEMP: crashDir,
      ...options.env,
    },
    imports: options.bug ? [forceBug] : [],
  });
}

/** A user error: exit 2 and exactly one line on stderr, with the tool's name and the expected text. */
function expectUserError(result: Run, tool: string, text: string | RegExp): void {
  expect(result.code, result.stderr).toBe(2);
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]?.startsWith(`${tool}: `)).toBe(true);
  if (typeof text === 'string') expect(lines[0]).toContain(text);
  else expect(lines[0]).toMatch(text);
}

/** A bug: exit 70, one line saying so, and the stack trace in the file that line names. */
async function expectInternalError(result: Run, tool: string): Promise<void> {
  expect(result.code, result.stderr).toBe(70);
  const lines = result.stderr.trimEnd().split('\n');
  const last = lines.at(-1) ?? '';
  const match = new RegExp(
    `^${tool}: internal error \\(a bug, please report it\\): Cannot read properties of undefined \\(reading 'forced'\\) \\(stack trace in (.+)\\)$`,
  ).exec(last);
  expect(match, result.stderr).not.toBeNull();
  const log = match?.[1] ?? '';
  expect(log.startsWith(crashDir)).toBe(true);
  const stack = await readFile(log, 'utf8');
  expect(stack).toContain('TypeError: Cannot read properties of undefined');
  expect(stack).toMatch(/\n {4}at /);
  // Nothing but that line is the boundary's: no stack trace on stderr.
  expect(result.stderr).not.toMatch(/\n {4}at /);
}

describe('guard', () => {
  it('0 clean, 1 violations, 2 a bad flag, 70 a bug', async () => {
    const [clean, violations, flag, bug] = await Promise.all([
      run('scripts/guard.ts', ['--root', 'test/fixtures/guard/clean']),
      run('scripts/guard.ts', ['--root', 'test/fixtures/guard/remote-state']),
      run('scripts/guard.ts', ['--format', 'xml']),
      run('scripts/guard.ts', ['--root', 'test/fixtures/guard/clean'], { bug: true }),
    ]);
    expect(clean.code, clean.stderr).toBe(0);
    expect(violations.code, violations.stderr).toBe(1);
    expectUserError(flag, 'guard', "Invalid --format 'xml'. Expected one of: text, json, sarif, github.");
    await expectInternalError(bug, 'guard');
  });

  it('with DEBUG=1 a bug prints its stack trace on stderr instead of a file', async () => {
    const bug = await run('scripts/guard.ts', ['--root', 'test/fixtures/guard/clean'], {
      bug: true,
      env: { DEBUG: '1' },
    });
    expect(bug.code).toBe(70);
    expect(bug.stderr).toMatch(
      /^guard: internal error \(a bug, please report it\): .* \(stack trace below\)\nTypeError/,
    );
    expect(bug.stderr).toMatch(/\n {4}at /);
  });
});

describe('infra', () => {
  let dir = '';
  beforeAll(async () => {
    dir = join(temp, 'infra');
    await writeTree(dir, {
      'environments/development/backend.tf':
        'terraform {\n  backend "s3" {\n    bucket = "state"\n    key    = "development/terraform.tfstate"\n  }\n}\n',
    });
  });

  it('0 ok, 1 a root failed (plan and drift), 2 a user error, 70 a bug', async () => {
    const failing = { TF_BIN: '/bin/false' };
    const [roots, plan, drift, unknown, parallel, bug] = await Promise.all([
      run('scripts/infra.ts', ['roots'], { cwd: dir }),
      run('scripts/infra.ts', ['plan', '--out', 'out/plan'], { cwd: dir, env: failing }),
      run('scripts/infra.ts', ['drift', '--out', 'out/drift'], { cwd: dir, env: failing }),
      run('scripts/infra.ts', ['nope'], { cwd: dir }),
      run('scripts/infra.ts', ['drift', '--parallel', '0'], { cwd: dir }),
      run('scripts/infra.ts', ['roots'], { cwd: dir, bug: true }),
    ]);
    expect([roots.code, roots.stdout]).toEqual([0, 'environments/development\n']);
    expect(plan.code, plan.stderr).toBe(1);
    expect(plan.stdout).toContain('environments/development: FAILED at fmt');
    expect(drift.code, drift.stderr).toBe(1);
    expect(drift.stdout).toContain('environments/development: ERROR');
    expectUserError(unknown, 'infra', "Unknown command 'nope'.");
    expectUserError(parallel, 'infra', "Invalid --parallel '0'. Expected a whole number from 1 to 64.");
    await expectInternalError(bug, 'infra');
  });

  it('2 for an empty infra.yaml, before any command runs', async () => {
    const empty = join(temp, 'infra-empty');
    await writeTree(empty, { 'infra.yaml': '# settings go here\n' });
    expectUserError(
      await run('scripts/infra.ts', ['roots'], { cwd: empty }),
      'infra',
      'infra.yaml: empty; expected a mapping of settings',
    );
  });

  it('the drift workflow reads exactly the documented drift code as "drift found"', async () => {
    const { EXIT_DRIFT } = await import('../../src/lib/errors.js');
    const workflow = await readFile(join(repo, '.github/workflows/drift.yml'), 'utf8');
    const step = workflow.slice(workflow.indexOf('npm run --silent infra -- drift --root'));
    expect(step).toMatch(new RegExp(`"\\$code" -eq ${EXIT_DRIFT}\\b`));
    expect(step).not.toMatch(/-eq 2\b/);
  });
});

describe('plan-comment', () => {
  it('0 rendered, 2 an unreadable plan, 70 a bug (it has no findings code)', async () => {
    const plan = `dev=${join(repo, 'test/fixtures/plans/synthetic/edge-cases-bom.json')}`;
    const [ok, missing, bug] = await Promise.all([
      run('scripts/plan-comment.ts', ['render', '--plan', plan]),
      run('scripts/plan-comment.ts', ['render', '--plan', `dev=${join(temp, 'missing.json')}`]),
      run('scripts/plan-comment.ts', ['render', '--plan', plan], { bug: true }),
    ]);
    expect(ok.code, ok.stderr).toBe(0);
    expectUserError(missing, 'plan-comment', `${join(temp, 'missing.json')}: cannot read the plan of 'dev'`);
    await expectInternalError(bug, 'plan-comment');
  });
});

describe('verify', () => {
  it('1 a check failed (an empty moto account), 2 a bad flag, 70 a bug', async () => {
    const endpoint = process.env.MOTO_ENDPOINT;
    if (!endpoint) throw new Error('MOTO_ENDPOINT is not set: run through the integration project');
    const root = join(temp, 'verify/environments/development');
    const outputs = join(temp, 'verify/outputs.json');
    await writeTree(root, { 'main.tf': '' });
    await writeFile(outputs, terraformOutputJson(development));
    const env = { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'us-east-1' };
    // A root outside this repository: its environment is named.
    const args = [
      ...['--root', root, '--environment', 'development'],
      ...['--outputs', outputs, '--endpoint', endpoint, '--junit', join(temp, 'v.xml')],
    ];
    const [failed, flag, bug] = await Promise.all([
      run('scripts/verify.ts', args, { env }),
      run('scripts/verify.ts', ['--root', root, '--wait', 'soon'], { env }),
      run('scripts/verify.ts', args, { env, bug: true }),
    ]);
    expect(failed.code, failed.stderr).toBe(1);
    expect(failed.stdout).toMatch(/^FAIL /m);
    expectUserError(flag, 'verify', "Invalid --wait 'soon'.");
    await expectInternalError(bug, 'verify');
  });
});

describe('npm start', () => {
  it('0 on this repository, 2 a bad flag, 70 a bug', async () => {
    const [ok, flag, bug] = await Promise.all([
      run('scripts/start.ts', ['--base', 'HEAD']),
      run('scripts/start.ts', ['--nope']),
      run('scripts/start.ts', ['--base', 'HEAD'], { bug: true }),
    ]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('PASS: no boundary violation');
    expect(ok.stdout).toContain('\nNext:\n');
    expectUserError(flag, 'start', "Unknown option '--nope'");
    await expectInternalError(bug, 'start');
  });

  it('--plans DIR that does not exist, or holds no plan JSON, is a user error before anything runs', async () => {
    const [missing, empty] = await Promise.all([
      run('scripts/start.ts', ['--plans', join(temp, 'no-such-plans')]),
      run('scripts/start.ts', ['--plans', crashDir]),
    ]);
    expectUserError(missing, 'start', `--plans '${join(temp, 'no-such-plans')}' does not exist`);
    expectUserError(empty, 'start', `--plans '${crashDir}' holds no .json plan files`);
    expect(missing.stdout).toBe('');
  });

  it('renders the preview for a terminal (no Markdown syntax), in colour only on a TTY without NO_COLOR', async () => {
    const args = ['--base', 'HEAD', '--plans', 'examples/plans'];
    const piped = await run('scripts/start.ts', args);
    expect(piped.code, piped.stderr).toBe(0);
    expect(piped.stdout).toContain('▸ 🔁 Replace (1)');
    expect(piped.stdout).toContain('▌ CAUTION');
    expect(piped.stdout).not.toMatch(/<details>|<summary>|\*\*|^#{2,3} |^```/m);
    expect(piped.stdout).not.toContain('\x1b[');
    // util-linux `script` gives the command a pseudo-terminal, as a person's shell does.
    const command = `${process.execPath} --import ${tsx} ${join(repo, 'scripts/start.ts')} ${args.join(' ')}`;
    const onTty = (env: NodeJS.ProcessEnv) =>
      new Promise<string>((done, fail) => {
        const child = spawn('/usr/bin/script', ['-qec', command, '/dev/null'], {
          cwd: repo,
          env: { ...process.env, NO_COLOR: '', ...env },
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
        child.once('error', fail);
        child.once('close', () => done(out));
      });
    const [tty, noColor] = await Promise.all([onTty({}), onTty({ NO_COLOR: '1' })]);
    expect(tty).toContain('\x1b[31m▌ \x1b[39m\x1b[1m\x1b[31mCAUTION');
    expect(noColor).toContain('▌ CAUTION');
    expect(noColor).not.toContain('\x1b[');
  });
});

describe('module-docs', () => {
  it('0 current, 1 stale, 2 no modules directory, 70 a bug', async () => {
    const copy = join(temp, 'module-docs');
    await cp(join(repo, 'modules/kms'), join(copy, 'modules/kms'), { recursive: true });
    const readme = join(copy, 'modules/kms/README.md');
    await writeFile(readme, (await readFile(readme, 'utf8')).replace('| Name | Description |', '| Name | Stale |'));
    const [current, stale, missing, bug] = await Promise.all([
      run('scripts/module-docs.ts', ['--check']),
      run('scripts/module-docs.ts', ['--check', '--root', copy]),
      run('scripts/module-docs.ts', ['--check', '--root', join(temp, 'nowhere')]),
      run('scripts/module-docs.ts', ['--check'], { bug: true }),
    ]);
    expect(current.code, current.stderr).toBe(0);
    expect(stale.code, stale.stderr).toBe(1);
    expect(stale.stdout).toContain('modules/kms/README.md: stale tables');
    expectUserError(missing, 'module-docs', 'no such directory');
    await expectInternalError(bug, 'module-docs');
    expect((await readdir(crashDir)).filter((f) => f.startsWith('phenom-infra-module-docs-')).length).toBe(1);
  });
});
