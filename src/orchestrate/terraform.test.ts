import { describe, expect, it } from 'vitest';
import {
  applyStep,
  classifyStep,
  firstError,
  parseDiagnostics,
  digestsMatch,
  driftSteps,
  planSteps,
  replanSteps,
  rootFiles,
  type TerraformStep,
} from './terraform.js';

const files = rootFiles('/out', 'production');
const options = { lockTimeout: '5m' };
const step = (id: TerraformStep['id'], args: string[] = [id]): TerraformStep => ({ id, args });

describe('command sequences', () => {
  it('plan: fmt, init, validate, plan -out, show -json into plan.json', () => {
    expect(planSteps(files, options)).toEqual([
      { id: 'fmt', args: ['fmt', '-check', '-recursive'] },
      { id: 'init', args: ['init', '-input=false', '-no-color'] },
      { id: 'validate', args: ['validate', '-no-color'] },
      {
        id: 'plan',
        args: ['plan', '-input=false', '-no-color', '-lock-timeout=5m', '-out=/out/production/plan.tfplan'],
      },
      { id: 'show', args: ['show', '-json', '/out/production/plan.tfplan'], stdoutFile: '/out/production/plan.json' },
    ]);
  });

  it('without the lock (read-only plans): -lock=false instead of -lock-timeout, for plan and drift alike', () => {
    const unlocked = { ...options, lock: false };
    expect(planSteps(files, unlocked)[3]?.args).toEqual([
      'plan',
      '-input=false',
      '-no-color',
      '-lock=false',
      '-out=/out/production/plan.tfplan',
    ]);
    expect(driftSteps(files, unlocked).before[1]?.args).toContain('-lock=false');
    expect(driftSteps(files, unlocked).before[1]?.args.some((a) => a.startsWith('-lock-timeout'))).toBe(false);
  });

  it('drift plans with -detailed-exitcode; apply applies the saved plan file', () => {
    expect(driftSteps(files, options).before[1]?.args).toEqual([
      'plan',
      '-input=false',
      '-no-color',
      '-lock-timeout=5m',
      '-detailed-exitcode',
      '-out=/out/production/plan.tfplan',
    ]);
    expect(applyStep(files, options).args).toEqual([
      'apply',
      '-input=false',
      '-no-color',
      '-lock-timeout=5m',
      '/out/production/plan.tfplan',
    ]);
  });
  it("init reads the root's backend-config files, in the order environments.yaml declares them", () => {
    const withConfig = { ...options, backendConfig: ['backend.hcl', '../shared/region.tfbackend'] };
    const init = [
      'init',
      '-input=false',
      '-no-color',
      '-backend-config=backend.hcl',
      '-backend-config=../shared/region.tfbackend',
    ];
    expect(planSteps(files, withConfig)[1]?.args).toEqual(init);
    expect(replanSteps(files, withConfig)[0]?.args).toEqual(init);
    expect(driftSteps(files, withConfig).before[0]?.args).toEqual(init);
  });
});

describe('classifyStep', () => {
  const detailedPlan = driftSteps(files, options).before[1]!;

  it('reads -detailed-exitcode: 0 no changes, 2 changes, 1 error', () => {
    expect(classifyStep({ step: detailedPlan, exitCode: 0, output: '' }, '5m')).toEqual({ ok: true, changes: false });
    expect(classifyStep({ step: detailedPlan, exitCode: 2, output: 'Plan: 1 to add' }, '5m')).toEqual({
      ok: true,
      changes: true,
    });
    expect(
      classifyStep({ step: detailedPlan, exitCode: 1, output: '╷\n│ Error: Invalid reference\n│ more\n' }, '5m'),
    ).toEqual({ ok: false, message: 'terraform plan exited with 1: Error: Invalid reference: more' });
  });

  it('exit 2 without -detailed-exitcode is an error', () => {
    expect(classifyStep({ step: step('plan'), exitCode: 2, output: '' }, '5m').ok).toBe(false);
  });

  it('a crash is an error even when the exit code reads as "changes"', () => {
    expect(
      classifyStep(
        { step: detailedPlan, exitCode: 2, output: 'panic: runtime error: index out of range\ngoroutine 1' },
        '5m',
      ),
    ).toEqual({
      ok: false,
      message: 'terraform plan crashed (exit 2); the crash log is in plan.log',
    });
  });

  it('names the lock timeout when the state lock is held', () => {
    expect(
      classifyStep({ step: detailedPlan, exitCode: 1, output: 'Error: Error acquiring the state lock\n' }, '90s'),
    ).toEqual({
      ok: false,
      message: 'terraform plan: state lock not acquired within -lock-timeout=90s (another run holds it)',
    });
  });

  it('lists unformatted files from fmt -check', () => {
    expect(classifyStep({ step: step('fmt'), exitCode: 3, output: 'main.tf\nmodules/x.tf\n' }, '5m')).toEqual({
      ok: false,
      message: 'terraform fmt -check: not formatted: main.tf, modules/x.tf (fix: terraform fmt -recursive)',
    });
  });

  it('reports a process killed by a signal', () => {
    expect(classifyStep({ step: step('init'), exitCode: null, signal: 'SIGKILL', output: '' }, '5m')).toEqual({
      ok: false,
      message: 'terraform init was killed (SIGKILL)',
    });
  });
});

describe('digestsMatch', () => {
  it('ignores case and a sha256: prefix, nothing else', () => {
    expect(digestsMatch('sha256:ABCDEF', 'abcdef')).toBe(true);
    expect(digestsMatch('abcdef', 'abcdee')).toBe(false);
  });
});

// Output as Terraform 1.11 prints it (-no-color), including the warning block a missing
// TF_CLI_CONFIG_FILE adds in front of every command.
const CLI_CONFIG_WARNING =
  'There are some problems with the CLI configuration:\n╷\n│ Warning: Unable to open CLI configuration file\n│\n│ The CLI configuration file at "/root/.terraformrc" does not exist.\n╵\n\n';
const REGISTRY_ERROR = `Initializing provider plugins...
- Finding latest version of hashicorp/random...

Error: Failed to query available provider packages

Could not retrieve the list of available versions for provider
hashicorp/random: could not connect to registry.terraform.io: failed to
request discovery document: Get
"https://registry.terraform.io/.well-known/terraform.json": dial tcp: lookup
registry.terraform.io: no such host

To see which modules are currently depending on hashicorp/random and what
versions are specified, run the following command:
    terraform providers
`;
const COUNT_ERROR = `
Error: Invalid count argument

  on ../../modules/ecs/main.tf line 99, in resource "aws_iam_role_policy" "execution_secrets":
  99:   count = length(local.secret_resource_arns) > 0 ? 1 : 0

The "count" value depends on resource attributes that cannot be determined
until apply, so Terraform cannot predict how many instances will be created.
`;

describe('Terraform diagnostics', () => {
  it('keeps the cause of an error, not only its summary, and skips warnings', () => {
    expect(firstError(CLI_CONFIG_WARNING + REGISTRY_ERROR)).toBe(
      'Error: Failed to query available provider packages: Could not retrieve the list of available versions for provider hashicorp/random: could not connect to registry.terraform.io: failed to request discovery document: Get "https://registry.terraform.io/.well-known/terraform.json": dial tcp: lookup registry.terraform.io: no such host',
    );
  });

  it('names the file and line, relative to the repository when the root is given', () => {
    expect(parseDiagnostics(COUNT_ERROR)).toEqual([
      {
        summary: 'Invalid count argument',
        file: '../../modules/ecs/main.tf',
        line: 99,
        detail:
          'The "count" value depends on resource attributes that cannot be determined until apply, so Terraform cannot predict how many instances will be created.',
      },
    ]);
    expect(firstError(COUNT_ERROR, 'environments/production')).toMatch(
      /^Error: Invalid count argument \(modules\/ecs\/main\.tf:99\): The "count" value depends/,
    );
  });

  it('reads boxed and coloured diagnostics too', () => {
    const boxed =
      '\x1b[31m╷\x1b[0m\n\x1b[31m│\x1b[0m \x1b[1m\x1b[31mError: \x1b[0m\x1b[1mInvalid expression\x1b[0m\n\x1b[31m│\x1b[0m\n\x1b[31m│\x1b[0m   on bad.tf line 2, in resource "terraform_data" "x":\n\x1b[31m│\x1b[0m    2:  inputs =\n\x1b[31m│\x1b[0m\n\x1b[31m│\x1b[0m Expected the start of an expression.\n\x1b[31m╵\x1b[0m\n';
    expect(firstError(boxed)).toBe('Error: Invalid expression (bad.tf:2): Expected the start of an expression.');
  });

  it('shows the control characters of a message as escapes: the HCL it quotes never steers the terminal', () => {
    // What `terraform plan -no-color` prints for a validation whose error_message holds escapes.
    const validation =
      'Error: Invalid value for variable\n\n  on main.tf line 1:\n   1: variable "x" {\n\nBad \x1b]0;pwned\x07 value\x1b[2J.\n';
    expect(firstError(validation)).toBe(
      'Error: Invalid value for variable (main.tf:1): Bad \\u001b]0;pwned\\u0007 value\\u001b[2J.',
    );
    expect(firstError('panicked\rall fine\u202e\n')).toBe('panicked\\rall fine\\u202e');
  });
});

describe('fmt -check', () => {
  const fmt = step('fmt', ['fmt', '-check', '-recursive']);

  it('lists the files from stdout, never the CLI-config warning on stderr', () => {
    expect(
      classifyStep(
        { step: fmt, exitCode: 3, output: `${CLI_CONFIG_WARNING}main.tf\n`, stdout: 'main.tf\n' },
        '5m',
        'plan.log',
        'environments/dev',
      ),
    ).toEqual({
      ok: false,
      message: 'terraform fmt -check: not formatted: environments/dev/main.tf (fix: terraform fmt -recursive)',
    });
  });

  it('a file that does not parse is an error with its location, not "not formatted"', () => {
    const output = `${CLI_CONFIG_WARNING}\nError: Invalid expression\n\n  on bad.tf line 2, in resource "terraform_data" "x":\n   2:  inputs =\n\nExpected the start of an expression.\n`;
    expect(classifyStep({ step: fmt, exitCode: 2, output, stdout: '' }, '5m', 'plan.log', 'env')).toEqual({
      ok: false,
      message:
        'terraform fmt exited with 2: Error: Invalid expression (env/bad.tf:2): Expected the start of an expression.',
    });
  });
});
