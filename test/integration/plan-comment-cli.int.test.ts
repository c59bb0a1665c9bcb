/** The plan-comment CLI as users run it: a child process, stdout/stderr and exit codes. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  expectedReport,
  fixturePath,
  forms,
  listFixtures,
  rawPlan,
  sensitiveValues,
} from '../../src/plan/test/plan-fixtures.js';
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
    for (const text of ['render --plan NAME=FILE', '--format', '--max-chars', '65536', '"digest"', 'Exit codes'])
      expect(stdout).toContain(text);
  });
});
