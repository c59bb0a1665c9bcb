import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { tempRepo } from '../helpers/temp-repo.js';
import { backend, commitAll, git, initGit, moduleCall, removePaths, runInfra, writeFiles } from './infra-helpers.js';

const PROD = 'environments/production';
const DEV = 'environments/development';

/** production → alb → net, production → shared; development → shared, db. */
const files = {
  [`${PROD}/backend.tf`]: backend('prod'),
  [`${PROD}/main.tf`]: moduleCall('alb', '../../modules/alb') + moduleCall('shared', '../../modules/shared'),
  [`${DEV}/backend.tf`]: backend('dev'),
  [`${DEV}/main.tf`]: moduleCall('shared', '../../modules/shared') + moduleCall('db', '../../modules/db'),
  'modules/alb/main.tf': moduleCall('net', '../net'),
  'modules/net/main.tf': 'resource "aws_vpc" "this" {}\n',
  'modules/shared/main.tf': 'locals {\n  policy = file("${path.module}/../../policies/app policy.json")\n}\n',
  'modules/db/main.tf': 'resource "aws_db_instance" "this" {}\n',
  'policies/app policy.json': '{}\n',
  'docs/guide.md': '# guide\n',
  'infra.yaml': 'all-roots: [".github/workflows/pr.yml"]\n',
  'environments.yaml': [
    'version: 1',
    'environments:',
    '  - name: development',
    `    roots: [${DEV}]`,
    '    github: { environment: development, apply_order: 1, plan_role_var: PLAN_DEV, apply_role_var: APPLY_DEV }',
    '  - name: production',
    `    roots: [${PROD}]`,
    '    production: true',
    '    github: { environment: production, apply_order: 2, plan_role_var: PLAN_PROD, apply_role_var: APPLY_PROD }',
    '',
  ].join('\n'),
};

async function repoWithHistory(): Promise<{ dir: string; base: string }> {
  const dir = await tempRepo(files);
  initGit(dir);
  return { dir, base: git(dir, 'rev-parse', 'HEAD').trim() };
}

async function affectedAfter(change: (dir: string) => Promise<void>): Promise<string[]> {
  const { dir, base } = await repoWithHistory();
  await change(dir);
  const head = commitAll(dir, 'change');
  const result = await runInfra(dir, ['affected', '--base', base, '--head', head, '--format', 'json']);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return (JSON.parse(result.stdout) as { roots: string[] }).roots;
}

describe('infra roots', () => {
  it('lists every root with its transitive modules (json and text)', async () => {
    const dir = await tempRepo({ ...files, [`${DEV}/gone.tf`]: moduleCall('gone', '../../modules/gone') });
    const json = await runInfra(dir, ['roots', '--format', 'json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({
      roots: [
        { dir: DEV, modules: ['modules/db', 'modules/shared'], missing: ['modules/gone'] },
        { dir: PROD, modules: ['modules/alb', 'modules/net', 'modules/shared'] },
      ],
    });
    const text = await runInfra(dir, ['roots']);
    expect(text.stdout).toBe(
      `${DEV}\n  modules/db\n  modules/shared\n  modules/gone (missing: called but has no .tf files)\n${PROD}\n  modules/alb\n  modules/net\n  modules/shared\n`,
    );
  });
});

describe('infra affected on git history (graph test set)', () => {
  it('module used by one root', async () => {
    expect(
      await affectedAfter((dir) =>
        writeFiles(dir, { 'modules/db/main.tf': 'resource "aws_db_instance" "this" {\n  engine = "postgres"\n}\n' }),
      ),
    ).toEqual([DEV]);
  });

  it('module used by both roots', async () => {
    expect(await affectedAfter((dir) => writeFiles(dir, { 'modules/shared/extra.tf': '' }))).toEqual([DEV, PROD]);
  });

  it('module used through another module', async () => {
    expect(
      await affectedAfter((dir) =>
        writeFiles(dir, { 'modules/net/main.tf': 'resource "aws_vpc" "this" {\n  cidr_block = "10.0.0.0/16"\n}\n' }),
      ),
    ).toEqual([PROD]);
  });

  it('deleted module: its former caller is affected', async () => {
    expect(
      await affectedAfter(async (dir) => {
        await removePaths(dir, 'modules/net');
        await writeFiles(dir, { 'modules/alb/main.tf': 'resource "aws_lb" "this" {}\n' });
      }),
    ).toEqual([PROD]);
  });

  it('deleted module that is still called: the caller is affected', async () => {
    expect(await affectedAfter((dir) => removePaths(dir, 'modules/net'))).toEqual([PROD]);
  });

  it('rename across roots affects both roots', async () => {
    const { dir } = await repoWithHistory();
    await writeFiles(dir, { [`${DEV}/moved resource.tf`]: 'resource "aws_s3_bucket" "moved" {}\n' });
    const base = commitAll(dir, 'add');
    git(dir, 'mv', `${DEV}/moved resource.tf`, `${PROD}/moved resource.tf`);
    const head = commitAll(dir, 'move');
    expect(git(dir, 'diff', '--name-status', `${base}...${head}`)).toMatch(/^R100/);
    const result = await runInfra(dir, ['affected', '--base', base, '--head', head, '--format', 'json']);
    expect(JSON.parse(result.stdout)).toEqual({ roots: [DEV, PROD] });
  });

  it('a file with spaces read through file() affects its readers', async () => {
    expect(await affectedAfter((dir) => writeFiles(dir, { 'policies/app policy.json': '{"v":2}\n' }))).toEqual([
      DEV,
      PROD,
    ]);
  });

  it('docs-only change affects no root', async () => {
    expect(
      await affectedAfter((dir) => writeFiles(dir, { 'docs/guide.md': '# new\n', 'modules/db/README.md': 'db\n' })),
    ).toEqual([]);
  });

  it('an all-roots file (the PR workflow) affects every root', async () => {
    expect(await affectedAfter((dir) => writeFiles(dir, { '.github/workflows/pr.yml': 'name: pr\n' }))).toEqual([
      DEV,
      PROD,
    ]);
  });

  it('prints a GitHub Actions matrix with each root environment, and reasons in text', async () => {
    const { dir, base } = await repoWithHistory();
    await writeFiles(dir, { 'modules/net/main.tf': '' });
    const head = commitAll(dir, 'change');
    const matrix = await runInfra(dir, ['affected', '--base', base, '--head', head, '--format', 'matrix']);
    expect(matrix.stdout).toBe(
      `${JSON.stringify({
        include: [
          {
            root: PROD,
            name: 'production',
            environment: 'production',
            github_environment: 'production',
            apply_order: 2,
            plan_role_var: 'PLAN_PROD',
            apply_role_var: 'APPLY_PROD',
            tfvars_var: '',
            production: true,
          },
        ],
      })}\n`,
    );
    const text = await runInfra(dir, ['affected', '--base', base, '--head', head]);
    expect(text.stdout).toBe(`${PROD}\n  modules/net/main.tf (module modules/net)\n`);
  });

  it('without --head compares the working tree, untracked files included', async () => {
    const { dir, base } = await repoWithHistory();
    await writeFiles(dir, { 'modules/db/new file.tf': '' });
    const result = await runInfra(dir, ['affected', '--base', base, '--format', 'json']);
    expect(JSON.parse(result.stdout)).toEqual({ roots: [DEV] });
  });

  it('an unknown ref is a one-line error with exit 2', async () => {
    const { dir } = await repoWithHistory();
    const result = await runInfra(dir, ['affected', '--base', 'origin/nope']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^infra: --base 'origin\/nope' is not a commit in .*fetch-depth: 0\)\.\n$/);
    // A bad --head is named too (the diff fails first; which ref is wrong is then looked up).
    const head = await runInfra(dir, ['affected', '--base', 'HEAD', '--head', 'nope']);
    expect(head.code).toBe(2);
    expect(head.stderr).toMatch(/^infra: --head 'nope' is not a commit in /);
    // A ref that looks like an option never reaches git as one.
    const option = await runInfra(dir, ['affected', '--base=--output=written.txt', '--head', 'HEAD']);
    expect(option.code).toBe(2);
    expect(option.stderr).toMatch(/^infra: --base '--output=written\.txt' is not a commit in /);
    expect((await readdir(dir)).filter((name) => name.startsWith('written'))).toEqual([]);
  });

  it('a bad flag or config is a one-line error naming it', async () => {
    const { dir, base } = await repoWithHistory();
    expect((await runInfra(dir, ['affected', '--base', base, '--format', 'yaml'])).stderr).toBe(
      "infra: Invalid --format 'yaml'. Expected one of: text, json, matrix.\n",
    );
    await writeFiles(dir, { 'infra.yaml': 'lock_timeout: 5m\n' });
    const bad = await runInfra(dir, ['roots']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      'infra: infra.yaml: lock_timeout: unknown key (expected one of: all-roots, ignore, environments, lock-timeout, parallel) (line 1)\n',
    );
    await writeFiles(dir, {
      'infra.yaml': 'parallel: 2\n',
      'environments.yaml': 'version: 1\nenvironments:\n  - name: Dev\n',
    });
    expect((await runInfra(dir, ['roots'])).stderr).toBe(
      'infra: environments.yaml: environments[0].name: expected a lower-case name (a-z, 0-9, - or _), got "Dev" (line 3)\n',
    );
  });

  it('a .tf file that does not parse stops roots and affected with exit 2 naming file:line, never a silent answer', async () => {
    const { dir, base } = await repoWithHistory();
    await writeFiles(dir, { 'modules/db/broken.tf': 'resource "aws_db_instance" "x" {\n  engine = \n' });
    for (const args of [['roots'], ['affected', '--base', base], ['plan', '--affected', '--base', base]]) {
      const result = await runInfra(dir, args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(
        /^infra: modules\/db\/broken\.tf:\d+:\d+ \(.+\): does not parse, so the roots and module calls it declares cannot be known\. .*\n$/,
      );
    }
  });
});
