import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

async function terraformStage(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await mkdtemp(join(tmpdir(), 'phenom-tf-stage-'));
  try {
    const { stdout, stderr } = await run('npx', ['tsx', 'scripts/terraform-check.ts', '--out', out, ...args], {
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('terraform stage on fixture repositories (real Terraform)', () => {
  it('fails a count that is known only after apply, naming root, command, error, file:line and log', async () => {
    const { code, stdout } = await terraformStage('--repo', 'test/fixtures/terraform/unknown-count');
    expect(code).toBe(1);
    expect(stdout).toMatch(
      /^FAIL {2}environments\/demo: terraform plan: Error: Invalid count argument \(environments\/demo\/main\.tf:11\): The "count" value depends on resource attributes that cannot be determined until apply.* \(log: \S+\/demo\/terraform\.log\)$/m,
    );
    expect(stdout).toContain('terraform: 1 of 1 root(s) failed');
  });

  it('fails a validation that needs || to short-circuit (Terraform < 1.12 evaluates both sides)', async () => {
    const { code, stdout } = await terraformStage('--repo', 'test/fixtures/terraform/short-circuit');
    expect(code).toBe(1);
    expect(stdout).toMatch(
      /^FAIL {2}environments\/demo: terraform validate: Error: \S.* \(modules\/routes\/main\.tf:9\): .*must not be null/m,
    );
  });

  it('passes roots that plan, apply and plan again with no changes, with counts and digest', async () => {
    const { code, stdout } = await terraformStage('--repo', 'test/fixtures/terraform/data-roots');
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^pass {2}environments\/production: 2 to create, 0 to update, 0 to replace, 0 to delete, 2 outputs changed; digest [0-9a-f]{64}; applied, second plan empty/m,
    );
    expect(stdout).toContain('terraform: 2 root(s) passed');
  });

  it('refuses an unknown root in one line', async () => {
    const { code, stdout, stderr } = await terraformStage(
      '--repo',
      'test/fixtures/terraform/data-roots',
      '--root',
      'modules/app',
    );
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim()).toBe(
      "terraform: --root 'modules/app' is not a root of test/fixtures/terraform/data-roots (roots: environments/development, environments/production).",
    );
  });
});
