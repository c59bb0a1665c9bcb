import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toolPath } from '../../scripts/lib/tools.js';

const run = promisify(execFile);
const fixture = resolve('test/fixtures/checkov-bad');

async function stage(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('npx', ['tsx', 'scripts/checkov-check.ts', '--root', fixture, ...args], {
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** What checkov itself reports for the fixture, read straight from its JSON (not through the stage's code). */
async function rawFailures(): Promise<{ check: string; resource: string }[]> {
  const out: { check: string; resource: string }[] = [];
  for (const dir of ['modules/insecure']) {
    let stdout: string;
    try {
      stdout = (
        await run(
          toolPath('checkov'),
          ['-d', dir, '--framework', 'terraform', '-o', 'json', '--quiet', '--skip-download'],
          { cwd: fixture, maxBuffer: 64 * 1024 * 1024 },
        )
      ).stdout;
    } catch (error) {
      stdout = (error as { stdout: string }).stdout;
    }
    const report = JSON.parse(stdout) as { results: { failed_checks: { check_id: string; resource: string }[] } };
    for (const f of report.results.failed_checks) out.push({ check: f.check_id, resource: f.resource });
  }
  return out;
}

let tmp: string;
let accepted: { check: string; resource: string }[];

function baselineYaml(entries: { check: string; resource: string }[]): string {
  const lines = ['version: 1', 'accepted:'];
  for (const e of entries)
    lines.push(
      `  - check: ${e.check}`,
      `    resource: ${e.resource}`,
      '    file: modules/insecure/main.tf',
      '    reason: Deliberately insecure test fixture.',
    );
  return `${lines.join('\n')}\n`;
}

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'checkov-stage-'));
  accepted = await rawFailures();
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('checkov stage on a deliberately insecure tree', () => {
  it('fails on findings the baseline does not accept, naming check, resource, file:line and a guideline', async () => {
    const baseline = join(tmp, 'empty.yaml');
    await writeFile(baseline, 'version: 1\naccepted: []\n');
    const { code, stdout } = await stage('--baseline', baseline);
    expect(code).toBe(1);
    expect(stdout.split('\n')[0]).toMatch(/^FAIL checkov: \d+ new finding/);
    // SSH open to the world (CKV_AWS_24) and a public database (CKV_AWS_17), where the fixture declares them.
    expect(stdout).toContain('modules/insecure/main.tf:1: [CKV_AWS_24] aws_security_group.open_ssh:');
    expect(stdout).toContain('modules/insecure/main.tf:15: [CKV_AWS_17] aws_db_instance.public:');
    expect(stdout).toContain('guideline:');
    // The module is scanned directly and again through environments/demo: reported once.
    expect(stdout.match(/\[CKV_AWS_24\]/g)).toHaveLength(1);
  });

  it('passes when the baseline accepts exactly what checkov finds', async () => {
    expect(accepted.map((a) => a.check)).toEqual(expect.arrayContaining(['CKV_AWS_24', 'CKV_AWS_17']));
    const baseline = join(tmp, 'all.yaml');
    await writeFile(baseline, baselineYaml(accepted));
    const { code, stdout } = await stage('--baseline', baseline);
    expect(stdout.split('\n')[0]).toBe(
      `ok   checkov: 0 new finding(s), 0 stale baseline entries, ${accepted.length} accepted by ${baseline}`,
    );
    expect(code).toBe(0);
  });

  it('fails on a baseline entry that no longer matches anything', async () => {
    const baseline = join(tmp, 'stale.yaml');
    await writeFile(baseline, baselineYaml([...accepted, { check: 'CKV_AWS_20', resource: 'aws_s3_bucket.gone' }]));
    const { code, stdout } = await stage('--baseline', baseline);
    expect(code).toBe(1);
    expect(stdout).toContain(
      'stale entry CKV_AWS_20 aws_s3_bucket.gone (modules/insecure/main.tf) matches no finding any more: remove it',
    );
  });

  it('exits 2 with one line naming the baseline when it is invalid', async () => {
    const baseline = join(tmp, 'bad.yaml');
    await writeFile(baseline, 'version: 1\naccepted: []\nignore_everything: true\n');
    const { code, stdout, stderr } = await stage('--baseline', baseline);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(
      /^checkov: .*bad\.yaml: ignore_everything: unknown key \(expected one of: version, accepted\) \(line 3\)$/m,
    );
  });
});
