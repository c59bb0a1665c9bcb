/** The plan-comment CLI as users run it: a child process, stdout/stderr and exit codes. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  expectedReport,
  fixturePath,
  forms,
  listFixtures,
  rawPlan,
  readFixture,
  sensitiveValues,
} from '../helpers/plan-fixtures.js';
import { readRootPlan } from '../../scripts/infra/plan-core.js';
import { repoRoot } from '../../scripts/lib/tools.js';

const dir = mkdtempSync(join(tmpdir(), 'plan-comment-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'scripts/plan-comment.ts'), ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const fixtures = listFixtures();
const planArgs = fixtures.flatMap((name, i) => ['--plan', `root-${i}=${fixturePath(name)}`]);

describe('plan-comment render', () => {
  it('--format json: counts of every fixture follow the rules, in the given order', () => {
    const { code, stdout, stderr } = cli('render', ...planArgs, '--format', 'json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { roots: { name: string }[] };
    expect(report.roots.map((root) => root.name)).toEqual(fixtures.map((_, i) => `root-${i}`));
    fixtures.forEach((name, i) => expect(report.roots[i]).toMatchObject(expectedReport(rawPlan(name))));
  });

  it('Markdown by default, within --max-chars, without any sensitive value', () => {
    const raws = fixtures.map((name) => rawPlan(name));
    for (const maxChars of ['65536', '20000', '3000']) {
      const { code, stdout } = cli('render', ...planArgs, '--max-chars', maxChars);
      expect(code).toBe(0);
      expect(stdout.startsWith('<!-- tf-plan-comment:terraform-plan -->\n## Terraform plan\n')).toBe(true);
      expect(stdout.trimEnd().length).toBeLessThanOrEqual(Number(maxChars));
      for (const raw of raws)
        for (const secret of sensitiveValues(raw, raws))
          for (const form of forms(secret)) expect(stdout).not.toContain(form);
    }
  });

  it('--mask redacts in both formats', () => {
    const plan = `dev=${fixturePath('synthetic/edge-cases-bom.json')}`;
    for (const format of ['markdown', 'json']) {
      const { code, stdout } = cli('render', '--plan', plan, '--format', format, '--mask', 'aws_s3_bucket\\.\\w+');
      expect(code).toBe(0);
      expect(stdout).not.toContain('aws_s3_bucket.media');
      expect(stdout).toContain('***');
    }
  });

  it.each([
    ['not JSON', '{"format_version":"1.2",', /^plan-comment: .*broken\.json: not valid JSON \(/],
    [
      'not a plan',
      '{"format_version":"1.0","values":{"root_module":{}}}',
      /^plan-comment: .*broken\.json: not a Terraform plan: /,
    ],
    [
      'a future format',
      '{"format_version":"2.0","resource_changes":[]}',
      /^plan-comment: .*broken\.json: unsupported plan format_version '2\.0'/,
    ],
  ])('%s: exit 2, one line naming the file, nothing on stdout', (_label, text, pattern) => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, text);
    const { code, stdout, stderr } = cli(
      'render',
      '--plan',
      `ok=${fixturePath('synthetic/errored.json')}`,
      '--plan',
      `bad=${file}`,
    );
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(pattern);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it.each([
    [['render'], /No plans given/],
    [['render', '--plan', 'no-equals-sign'], /Expected NAME=FILE/],
    [
      ['render', '--plan', `a=${fixturePath('synthetic/errored.json')}`, '--max-chars', '12'],
      /Invalid --max-chars '12'/,
    ],
    [['render', '--plan', `a=${fixturePath('synthetic/errored.json')}`, '--format', 'yaml'], /Invalid --format 'yaml'/],
    [['render', '--plan', 'a=/nonexistent/plan.json'], /\/nonexistent\/plan\.json: cannot read the plan of 'a'/],
    [['publish'], /Unknown command 'publish'/],
  ])('usage error %j: exit 2 with one line', (args, pattern) => {
    const { code, stdout, stderr } = cli(...args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(pattern);
  });

  it('runs as `npm run --silent plan-comment -- render …`', () => {
    const result = spawnSync(
      'npm',
      [
        'run',
        '--silent',
        'plan-comment',
        '--',
        'render',
        '--plan',
        `dev=${fixturePath('terraform-plan-comment/basic-2-delete.json')}`,
        '--format',
        'json',
      ],
      {
        cwd: repoRoot,
        encoding: 'utf8',
      },
    );
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ roots: [{ name: 'dev', counts: { delete: 2, noop: 1 } }] });
  });

  it('--help documents the interface', () => {
    const { code, stdout } = cli('--help');
    expect(code).toBe(0);
    for (const text of [
      'render --plan NAME=FILE',
      'redact --plan FILE [--out FILE]',
      '--format',
      '--max-chars',
      '65536',
      '--routine-replacements',
      'aws_ecs_task_definition',
      '"digest"',
      'nested deeper than 512 levels',
      'Exit codes',
    ])
      expect(stdout).toContain(text);
  });

  it('--routine-replacements: none puts a task definition replacement back into the CAUTION block', () => {
    const plan = `prod=${fixturePath('synthetic/ecs-image-bump-and-policy.json')}`;
    const quiet = cli('render', '--plan', plan);
    expect(quiet.code).toBe(0);
    expect(quiet.stdout).not.toContain('[!CAUTION]');
    expect(quiet.stdout).toContain('**1 routine replacement**');
    const loud = cli('render', '--plan', plan, '--routine-replacements', 'none');
    expect(loud.stdout).toContain('> - **replace** `module.api.aws_ecs_task_definition.this`');
    const bad = cli('render', '--plan', plan, '--routine-replacements', 'aws_ecs_task_definition,aws-ecs');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^plan-comment: Invalid --routine-replacements entry 'aws-ecs'/);
  });

  it('a plan nested 5,000 levels deep: exit 2, one line naming the file, no stack trace', () => {
    const file = join(dir, 'deep.json');
    writeFileSync(
      file,
      `{"format_version":"1.2","resource_changes":[{"address":"a.b","change":{"actions":["create"],"after":${'['.repeat(5000)}${']'.repeat(5000)}}}]}`,
    );
    for (const args of [
      ['render', '--plan', `deep=${file}`],
      ['render', '--plan', `deep=${file}`, '--format', 'json'],
      ['redact', '--plan', file, '--out', join(dir, 'deep-out.json')],
    ]) {
      const { code, stdout, stderr } = cli(...args);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(
        /^plan-comment: .*deep\.json: not a plan this tool can read: values nested deeper than 512 levels/,
      );
      expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    }
    expect(existsSync(join(dir, 'deep-out.json'))).toBe(false);
  });
});

describe('plan-comment redact', () => {
  it.each([
    'synthetic/sensitive-everywhere.json',
    'synthetic/format-0.1-unmarked-secrets.json',
    'synthetic/edge-cases-bom.json',
    'opentofu/cloud-plan-redacted-outputs.json',
  ])(
    '%s: no sensitive value in the redacted plan, its report or the log; the digest is the one infra apply computes from the raw plan',
    (name) => {
      const out = join(dir, 'redacted.json');
      const redacted = cli('redact', '--plan', fixturePath(name), '--out', out);
      expect(redacted.code).toBe(0);
      expect(redacted.stdout).toBe('');
      expect(redacted.stderr).toMatch(/^plan-comment: redacted .* → .*redacted\.json \(digest [0-9a-f]{64}/);
      expect(redacted.stderr.trimEnd().split('\n')).toHaveLength(1);
      // What `infra apply` compares: the digest of the raw (re-)plan, through scripts/infra.
      const applyDigest = readRootPlan('x', 'environments/x', readFixture(name), name).summary.digest;
      const json = cli('render', '--plan', `x=${out}`, '--format', 'json');
      expect(json.code).toBe(0);
      expect((JSON.parse(json.stdout) as { roots: { digest: string }[] }).roots[0]!.digest).toBe(applyDigest);
      const markdown = cli('render', '--plan', `x=${out}`);
      expect(markdown.stdout).toContain(`digest \`${applyDigest}\``);
      const secrets = sensitiveValues(rawPlan(name));
      expect(secrets.length).toBeGreaterThan(0);
      for (const text of [readFileSync(out, 'utf8'), redacted.stderr, markdown.stdout, markdown.stderr, json.stdout])
        for (const secret of secrets) for (const form of forms(secret)) expect(text).not.toContain(form);
    },
  );

  it('writes to stdout without --out; names a missing --plan', () => {
    const { code, stdout } = cli('redact', '--plan', fixturePath('synthetic/errored.json'));
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ tf_plan_comment_redaction: { redacted: true } });
    const missing = cli('redact');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('plan-comment: redact: --plan FILE is required (the raw plan JSON).\n');
  });
});
