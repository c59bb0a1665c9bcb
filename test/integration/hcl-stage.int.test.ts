import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

async function hclStage(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('npx', ['tsx', 'scripts/hcl-check.ts', ...args], {
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('hcl stage on a deliberately broken tree', () => {
  it('fails and names file, line and check for every kind of problem', async () => {
    const { code, stdout } = await hclStage('--root', 'test/fixtures/hcl-bad');
    expect(code).toBe(1);
    expect(stdout).toContain('modules/broken/main.tf:2:11: [hcl-parse] Invalid expression');
    expect(stdout).toContain('modules/ugly/main.tf:6:1: [hclfmt]');
    expect(stdout).toContain(
      'modules/ugly/main.tf:6:3: [terraform_unused_declarations] local.a is declared but not used',
    );
    expect(stdout).toContain('env/main.tf:7:3: [module-unknown-input]');
    expect(stdout).toContain('env/main.tf:5:8: [module-missing-input]');
    expect(stdout).toContain('modules/ugly/main.tf:10:10: [variable-description]');
    expect(stdout).toContain(
      'modules/replaced/main.tf:2:3: [create-before-destroy-fixed-name] aws_lb_target_group.this is create_before_destroy and sets a fixed name',
    );
    expect(stdout).toContain('FAIL resources (1 finding)');
    // the parse error is reported once, not again by tflint
    expect(stdout.match(/modules\/broken\/main\.tf:2:11/g)).toHaveLength(1);
  });

  it('exits 2 with one line when the root does not exist', async () => {
    const { code, stdout, stderr } = await hclStage('--root', 'no/such/dir');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toEqual(['hcl: --root no/such/dir: no such directory']);
  });
});
