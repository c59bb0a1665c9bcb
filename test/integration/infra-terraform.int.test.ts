/**
 * `npm run infra` plan / apply / drift against the real Terraform binary: fixture roots of
 * `terraform_data` on a local module (test/fixtures/terraform/data-roots) and the real roots
 * with the provider double. The stand-in terraform (test/fake-terraform) only plays what the
 * real binary cannot do here: crash.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { DOUBLE_CLI_CONFIG, doubleEnv } from '../../scripts/lib/terraform.js';
import { bundle, bundleTargets } from '../../scripts/build.js';
import { createSandbox, prepareRoot } from '../../scripts/terraform/sandbox.js';
import { readOutputsFile, readTerraformOutputs } from '../../scripts/verify/outputs.js';
import { terraform, terraformFixture } from '../helpers/terraform.js';
import { commitAll, fakeTerraformDir, initGit, projectRoot, runInfra, writeFiles } from './infra-helpers.js';

const PROD = 'environments/production';
const DEV = 'environments/development';
const env = { TF_BIN: 'terraform', TF_CLI_CONFIG_FILE: DOUBLE_CLI_CONFIG };

async function dataRoots(): Promise<string> {
  return terraformFixture('data-roots', { 'infra.yaml': 'lock-timeout: 2s\n' });
}

const readJson = async <T>(path: string): Promise<T> => JSON.parse(await readFile(path, 'utf8')) as T;

interface PlanResults {
  roots: { root: string; status: string; digest?: string; step?: string; error?: string; log?: string }[];
}

async function reviewedDigest(dir: string, extra: NodeJS.ProcessEnv = {}): Promise<string> {
  const planned = await runInfra(dir, ['plan', '--root', PROD, '--out', 'reviewed'], { ...env, ...extra });
  expect(planned.code, planned.stdout + planned.stderr).toBe(0);
  return (await readJson<{ digest: string }>(join(dir, 'reviewed/production/result.json'))).digest;
}

describe('infra plan (real Terraform)', () => {
  it('runs fmt, init, validate, plan and show per root and writes the real plan files, digests and comment', async () => {
    const dir = await dataRoots();
    const result = await runInfra(dir, ['plan', '--out', 'out', '--parallel', '2'], env);
    expect(result.stderr).not.toMatch(/infra:/);
    expect(result.code).toBe(0);
    const plan = await readJson<{ format_version: string; terraform_version: string }>(
      join(dir, 'out/production/plan.json'),
    );
    expect(plan.format_version).toMatch(/^1\./);
    expect(plan.terraform_version).toMatch(/^1\.(1[1-9]|[2-9]\d)\./);
    expect(existsSync(join(dir, 'out/production/plan.tfplan'))).toBe(true);
    const log = await readFile(join(dir, 'out/production/plan.log'), 'utf8');
    expect(log).toContain('$ terraform validate -no-color\nSuccess! The configuration is valid.');
    expect(log).toContain('Plan: 2 to add, 0 to change, 0 to destroy.');
    const results = await readJson<PlanResults>(join(dir, 'out/plans.json'));
    expect(results.roots.map((r) => [r.root, r.status]).sort()).toEqual([
      [DEV, 'planned'],
      [PROD, 'planned'],
    ]);
    const prod = results.roots.find((r) => r.root === PROD)!;
    expect(prod.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(prod.digest).not.toBe(results.roots.find((r) => r.root === DEV)!.digest);
    const comment = await readFile(join(dir, 'out/comment.md'), 'utf8');
    expect(comment).toContain('`production`: 2 to create');
    expect(comment).toContain(prod.digest);
    expect(result.stdout).toContain(
      `${PROD}: planned — 2 to create, 0 to update, 0 to replace, 0 to delete, 2 outputs changed (digest ${prod.digest})`,
    );
  });

  it('names unformatted files (never the CLI-config warning) and a failing step with file:line, cause and log', async () => {
    const dir = await dataRoots();
    await writeFiles(dir, {
      [`${DEV}/extra.tf`]: 'locals {\n  a    = 1\n}\n',
      [`${PROD}/extra.tf`]: 'output "missing" {\n  value = var.not_declared\n}\n',
    });
    // A CLI config that does not exist: Terraform prints a warning block on stderr for every command.
    const result = await runInfra(dir, ['plan', '--out', 'out'], {
      ...env,
      TF_CLI_CONFIG_FILE: join(dir, 'none.tfrc'),
    });
    expect(result.code).toBe(1);
    expect(result.stdout).not.toContain('There are some problems with the CLI configuration');
    expect(result.stdout).toContain(
      `${DEV}: FAILED at fmt — terraform fmt -check: not formatted: ${DEV}/extra.tf (fix: terraform fmt -recursive) (log: out/development/plan.log)`,
    );
    expect(result.stdout).toMatch(
      new RegExp(
        `${PROD}: FAILED at validate — terraform validate exited with 1: Error: Reference to undeclared input variable \\(${PROD}/extra\\.tf:2\\): An input variable with the name "not_declared" has not been declared\\..* \\(log: out/production/plan\\.log\\)`,
      ),
    );
    const results = await readJson<PlanResults>(join(dir, 'out/plans.json'));
    expect(results.roots.find((r) => r.root === PROD)?.log).toBe('out/production/plan.log');
    expect(await readFile(join(dir, 'out/comment.md'), 'utf8')).toContain(
      '- **production** (`environments/production`): failed at `validate` — terraform validate exited with 1: Error: Reference to undeclared input variable',
    );
  });

  it('keeps the cause of a registry error (no provider can be downloaded here)', async () => {
    const dir = await dataRoots();
    await writeFiles(dir, {
      [`${PROD}/versions.tf`]:
        'terraform {\n  required_providers {\n    random = {\n      source = "hashicorp/random"\n    }\n  }\n}\n',
    });
    const result = await runInfra(dir, ['plan', '--root', PROD, '--out', 'out'], {
      ...env,
      TF_CLI_CONFIG_FILE: join(dir, 'none.tfrc'),
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      new RegExp(
        `^${PROD}: FAILED at init — terraform init exited with 1: Error: Failed to query available provider packages: Could not retrieve the list of available versions for provider hashicorp/random: .*registry\\.terraform\\.io.* \\(log: out/production/plan\\.log\\)$`,
        'm',
      ),
    );
  });

  it('plans only the affected roots, and with nothing affected replaces the previous comment', async () => {
    const dir = await dataRoots();
    initGit(dir);
    const base = commitAll(dir, 'base');
    await writeFiles(dir, { [`${DEV}/extra.tf`]: 'locals {\n  a = 1\n}\n' });
    const head = commitAll(dir, 'development only');
    const affected = await runInfra(dir, ['plan', '--affected', '--base', base, '--head', head, '--out', 'out'], env);
    expect(affected.code).toBe(0);
    expect((await readJson<PlanResults>(join(dir, 'out/plans.json'))).roots.map((r) => r.root)).toEqual([DEV]);
    const none = await runInfra(dir, ['plan', '--affected', '--base', head, '--head', head, '--out', 'out'], env);
    expect(none.code).toBe(0);
    expect(none.stdout).toBe('No roots to plan.\n');
    expect(await readJson<PlanResults>(join(dir, 'out/plans.json'))).toEqual({ roots: [] });
    const comment = await readFile(join(dir, 'out/comment.md'), 'utf8');
    expect(comment).toContain('No Terraform root is affected by this change');
    expect(comment).not.toContain('development');
  });

  it('groups each root log on GitHub Actions and annotates failures', async () => {
    const dir = await dataRoots();
    await writeFiles(dir, { [`${DEV}/extra.tf`]: 'output "missing" {\n  value = var.not_declared\n}\n' });
    const result = await runInfra(dir, ['plan', '--out', 'out'], { ...env, GITHUB_ACTIONS: 'true' });
    expect(result.stdout).toMatch(
      /::group::production \(environments\/production\): ok — 2 to create[^\n]*\n::stop-commands::(\S+)\n[\s\S]*?::\1::\n::endgroup::/,
    );
    expect(result.stdout).toContain(
      '::error title=infra plan environments/development::validate: terraform validate exited with 1: Error: Reference to undeclared input variable (environments/development/extra.tf:2)',
    );
  });

  it('reports a state lock another process holds, after -lock-timeout; --no-lock plans past it', async () => {
    const dir = await dataRoots();
    await reviewedDigest(dir); // initialises the root
    const root = join(dir, PROD);
    const holder = spawn(
      'terraform',
      ['apply', '-auto-approve', '-input=false', '-no-color', '-var', 'apply_seconds=12'],
      {
        cwd: root,
        env: doubleEnv(),
        stdio: 'ignore',
      },
    );
    let holderDone = false;
    const done = new Promise((resolveExit) =>
      holder.once('exit', () => {
        holderDone = true;
        resolveExit(undefined);
      }),
    );
    try {
      for (let i = 0; i < 100 && !existsSync(join(root, '.terraform.tfstate.lock.info')); i++) await sleep(100);
      expect(existsSync(join(root, '.terraform.tfstate.lock.info'))).toBe(true);
      const started = Date.now();
      const result = await runInfra(dir, ['plan', '--root', PROD, '--out', 'out'], env);
      expect(result.code).toBe(1);
      expect(result.stdout).toContain(
        `${PROD}: FAILED at plan — terraform plan: state lock not acquired within -lock-timeout=2s (another run holds it)`,
      );
      expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
      // A read-only plan (pull requests, drift) neither takes nor waits for the lock.
      expect(holderDone).toBe(false);
      const unlocked = await runInfra(dir, ['plan', '--root', PROD, '--out', 'unlocked', '--no-lock'], env);
      expect(unlocked.code, unlocked.stdout).toBe(0);
      expect(await readFile(join(dir, 'unlocked/production/plan.log'), 'utf8')).toContain(' -lock=false ');
      expect(holderDone).toBe(false);
    } finally {
      await done;
    }
    expect((await runInfra(dir, ['plan', '--root', PROD, '--out', 'out'], env)).code).toBe(0);
  });
});

describe('infra apply (real Terraform)', () => {
  it('re-plans, finds the reviewed digest, applies exactly that plan and writes the outputs; then no drift', async () => {
    const dir = await dataRoots();
    const digest = await reviewedDigest(dir);
    const result = await runInfra(dir, ['apply', '--root', PROD, '--expect-digest', digest, '--out', 'applied'], env);
    expect(result.stderr).not.toMatch(/infra:/);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`${PROD}: applied the reviewed plan (digest ${digest}, 2 to create`);
    expect(await readFile(join(dir, 'applied/production/apply.log'), 'utf8')).toContain(
      'Apply complete! Resources: 2 added, 0 changed, 0 destroyed.',
    );
    const outputs = await readJson<Record<string, { value: unknown; type: unknown; sensitive: boolean }>>(
      join(dir, 'applied/production/outputs.json'),
    );
    expect(outputs.environment).toEqual({ value: 'production', type: 'string', sensitive: false });
    expect(outputs.release_id?.value).toMatch(/^[0-9a-f-]{36}$/);
    const drift = await runInfra(dir, ['drift', '--root', PROD, '--out', 'drift'], env);
    expect(drift.code).toBe(0);
    expect(drift.stdout).toBe(`${PROD}: no drift\n`);
  });

  it('refuses, applies nothing and exits 1 when a variable changed between the review and the apply', async () => {
    const dir = await dataRoots();
    const digest = await reviewedDigest(dir);
    const result = await runInfra(dir, ['apply', '--root', PROD, '--expect-digest', digest, '--out', 'applied'], {
      ...env,
      TF_VAR_release: 'v2',
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      new RegExp(
        `^${PROD}: FAILED — apply refused: the plan changed since it was reviewed \\(reviewed digest ${digest}, new plan [0-9a-f]{64}, 2 to create, [^)]*\\)\\. Nothing was applied\\. The new plan and its digest are in applied/production/refusal\\.json`,
      ),
    );
    const state = await terraform(join(dir, PROD), ['state', 'list']);
    expect(state.stdout).toBe('');
  });

  it('needs exactly one root and a digest', async () => {
    const dir = await dataRoots();
    expect((await runInfra(dir, ['apply', '--root', PROD], env)).stderr).toBe(
      'infra: apply needs --expect-digest SHA (the digest of the reviewed plan).\n',
    );
    expect((await runInfra(dir, ['apply', '--root', PROD, '--root', DEV, '--expect-digest', 'x'], env)).stderr).toBe(
      'infra: apply needs exactly one --root DIR.\n',
    );
  });
});

describe('infra drift (real Terraform)', () => {
  it('exit 3 with the report when the configuration no longer matches the state, exit 0 for the clean root', async () => {
    const dir = await dataRoots();
    for (const root of [PROD, DEV]) {
      const init = await terraform(join(dir, root), ['init', '-input=false', '-no-color']);
      expect(init.code).toBe(0);
      expect((await terraform(join(dir, root), ['apply', '-auto-approve', '-input=false', '-no-color'])).code).toBe(0);
    }
    await writeFile(join(dir, PROD, 'release.auto.tfvars'), 'release = "v2"\n');
    const result = await runInfra(dir, ['drift', '--out', 'drift'], env);
    expect(result.code).toBe(3);
    expect(result.stdout).toContain(`## Drift in ${PROD}`);
    expect(result.stdout).toContain('module.app.terraform_data.release');
    expect(result.stdout).toContain(`${DEV}: no drift`);
    const report = await readJson<{ status: string }>(join(dir, 'drift/production/drift.json'));
    expect(report.status).toBe('drift');
  });
});

describe('infra on the real roots with the provider double', () => {
  it('plans and applies development from an empty state; verify reads its outputs', async () => {
    // The Lambda bundles and the upload page script are build output the root reads.
    for (const target of bundleTargets(projectRoot).filter((t) => t.kind !== 'action')) await bundle(target);
    const sandbox = await createSandbox(projectRoot);
    try {
      await prepareRoot(sandbox.dir, DEV, {
        statePath: join(sandbox.dir, 'development.tfstate'),
        varsFile: join(projectRoot, 'scripts/terraform/ci-vars/development.tfvars.json'),
      });
      const planned = await runInfra(sandbox.dir, ['plan', '--root', DEV, '--out', 'reviewed'], env);
      expect(planned.code, planned.stdout + planned.stderr).toBe(0);
      const { digest } = await readJson<{ digest: string }>(join(sandbox.dir, 'reviewed/development/result.json'));
      const applied = await runInfra(
        sandbox.dir,
        ['apply', '--root', DEV, '--expect-digest', digest, '--out', 'applied'],
        env,
      );
      expect(applied.code, applied.stdout + applied.stderr).toBe(0);
      const outputs = await readOutputsFile(join(sandbox.dir, 'applied/development/outputs.json'));
      expect(outputs.environment).toBe('development');
      expect(outputs.alb_arn).toMatch(/^arn:aws:elasticloadbalancing:us-east-1:222222222222:/);
      expect(outputs.waf_web_acl_arn).toBeNull();
      // verify's own reader runs `terraform output -json` in the root: the same outputs.
      expect(await readTerraformOutputs('terraform', join(sandbox.dir, DEV))).toEqual(outputs);
    } finally {
      await sandbox.remove();
    }
  }, 240_000);
});

describe('what only the stand-in terraform can play: a crash', () => {
  const TF = join(fakeTerraformDir, 'terraform');

  async function fake(config: object) {
    const dir = await dataRoots();
    const configFile = join(dir, 'fake-tf.json');
    await writeFile(configFile, JSON.stringify(config));
    return { dir, env: { TF_BIN: TF, FAKE_TF_CONFIG: configFile } };
  }

  it('a crashed step names the crash log', async () => {
    const t = await fake({ default: { plan: 'basic-create.json', crash: 'show' } });
    const crashed = await runInfra(t.dir, ['plan', '--root', PROD, '--out', 'out'], t.env);
    expect(crashed.code).toBe(1);
    expect(crashed.stdout).toContain(
      `${PROD}: FAILED at show — terraform show crashed (exit 2); the crash log is in plan.log`,
    );
  });

  it('drift exits 1 when a crash exits with 2 (never "drift")', async () => {
    const t = await fake({ default: { plan: 'drift.json', crash: 'plan' } });
    const result = await runInfra(t.dir, ['drift', '--root', PROD, '--out', 'drift'], t.env);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${PROD}: ERROR — plan: terraform plan crashed (exit 2)`);
  });
});

describe('infra argument errors', () => {
  it('rejects a directory that is not a root, and a bad --parallel, in one line', async () => {
    const dir = await dataRoots();
    const result = await runInfra(dir, ['plan', '--root', 'modules/app'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `infra: --root 'modules/app' is not a root (a directory with a backend block). Roots: ${DEV}, ${PROD}.\n`,
    );
    const bad = await runInfra(dir, ['drift', '--parallel', '0'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe("infra: Invalid --parallel '0'. Expected a whole number from 1 to 64.\n");
  });
});
