import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempRepo } from '../helpers/temp-repo.js';
import { backend, commitAll, fakeTerraformDir, initGit, moduleCall, runInfra, writeFiles } from './infra-helpers.js';

const PROD = 'environments/production';
const DEV = 'environments/development';
const TF = join(fakeTerraformDir, 'terraform');

interface Invocation {
  argv: string[];
  cwd: string;
}

async function setup(config: { default?: object; roots?: Record<string, object> }) {
  const dir = await tempRepo({
    [`${PROD}/backend.tf`]: backend('prod'),
    [`${PROD}/main.tf`]: moduleCall('app', '../../modules/app'),
    [`${DEV}/backend.tf`]: backend('dev'),
    [`${DEV}/main.tf`]: moduleCall('app', '../../modules/app'),
    'modules/app/main.tf': '',
    'infra.yaml': 'lock-timeout: 90s\n',
  });
  const configFile = join(dir, 'fake-tf.json');
  const log = join(dir, 'fake-tf.log');
  await writeFile(configFile, JSON.stringify(config));
  const env = { TF_BIN: TF, FAKE_TF_CONFIG: configFile, FAKE_TF_LOG: log };
  const invocations = async (): Promise<Invocation[]> =>
    existsSync(log)
      ? (await readFile(log, 'utf8'))
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line) as Invocation)
      : [];
  /** argv per root directory (relative), in invocation order. */
  const calls = async () => {
    const byRoot: Record<string, string[]> = {};
    for (const { argv, cwd } of await invocations()) (byRoot[cwd.slice(dir.length + 1)] ??= []).push(argv.join(' '));
    return byRoot;
  };
  return { dir, env, configFile, calls, invocations };
}

const planArgs = (out: string) => [
  'fmt -check -recursive',
  'init -input=false -no-color',
  'validate -no-color',
  `plan -input=false -no-color -lock-timeout=90s -out=${out}/plan.tfplan`,
  `show -json ${out}/plan.tfplan`,
];

describe('infra plan', () => {
  it('runs fmt, init, validate, plan, show per root in the root directory and writes the plan files', async () => {
    const t = await setup({ default: { plan: 'basic-create.json' }, roots: { [DEV]: { plan: 'empty.json' } } });
    const result = await runInfra(t.dir, ['plan', '--out', 'out', '--parallel', '2'], t.env);
    expect(result.stderr).not.toMatch(/infra:/);
    expect(result.code).toBe(0);
    expect(await t.calls()).toEqual({
      [DEV]: planArgs(join(t.dir, 'out/development')),
      [PROD]: planArgs(join(t.dir, 'out/production')),
    });
    const fixture = await readFile(join(fakeTerraformDir, 'fixtures/basic-create.json'), 'utf8');
    expect(await readFile(join(t.dir, 'out/production/plan.json'), 'utf8')).toBe(fixture);
    expect(await readFile(join(t.dir, 'out/production/plan.log'), 'utf8')).toContain(
      '$ ' + TF + ' validate -no-color\nSuccess! The configuration is valid.',
    );
    const results = JSON.parse(await readFile(join(t.dir, 'out/plans.json'), 'utf8')) as {
      roots: { root: string; status: string; digest: string }[];
    };
    expect(results.roots.map((r) => [r.root, r.status])).toEqual(
      [
        [PROD, 'planned'],
        [DEV, 'planned'],
      ].sort(),
    );
    const [dev, prod] = [...results.roots].sort((a, b) => (a.root < b.root ? -1 : 1));
    expect(prod?.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(prod?.digest).not.toBe(dev?.digest);
    expect(JSON.parse(await readFile(join(t.dir, 'out/production/result.json'), 'utf8'))).toEqual(prod);
    const comment = await readFile(join(t.dir, 'out/comment.md'), 'utf8');
    expect(comment).toContain('`production`: 3 to create');
    expect(comment).toContain('`development`: no changes');
    expect(comment).toContain(prod!.digest);
    expect(result.stdout).toContain(
      `${PROD}: planned — 3 to create, 0 to update, 0 to replace, 0 to delete, 1 output changed (digest ${prod!.digest})`,
    );
  });

  it('finds terraform first on PATH when TF_BIN is not set', async () => {
    const t = await setup({ default: { plan: 'empty.json' } });
    const { TF_BIN: _unused, ...env } = t.env;
    const result = await runInfra(t.dir, ['plan', '--root', PROD, '--out', 'out'], {
      ...env,
      TF_BIN: '',
      PATH: `${fakeTerraformDir}${delimiter}${process.env.PATH ?? ''}`,
    });
    expect(result.code).toBe(0);
    expect(Object.keys(await t.calls())).toEqual([PROD]);
  });

  it('reports every root when one fails, stops that root at the failing step, and exits 1', async () => {
    const t = await setup({
      default: { plan: 'basic-create.json' },
      roots: { [DEV]: { fail: { validate: 'Unsupported argument' } } },
    });
    const result = await runInfra(t.dir, ['plan', '--out', 'out'], t.env);
    expect(result.code).toBe(1);
    const calls = await t.calls();
    expect(calls[DEV]).toEqual(planArgs(join(t.dir, 'out/development')).slice(0, 3));
    expect(calls[PROD]).toHaveLength(5);
    expect(result.stdout).toContain(
      `${DEV}: FAILED at validate — terraform validate exited with 1: Error: Unsupported argument`,
    );
    expect(result.stdout).toContain(`${PROD}: planned`);
    expect(await readFile(join(t.dir, 'out/comment.md'), 'utf8')).toContain(
      '- **development** (`environments/development`): failed at `validate` — terraform validate exited with 1: Error: Unsupported argument',
    );
  });

  it('names unformatted files, a held state lock and a crash', async () => {
    const t = await setup({
      default: { plan: 'basic-create.json' },
      roots: { [DEV]: { unformatted: ['main.tf'] }, [PROD]: { lock: 'plan' } },
    });
    const result = await runInfra(t.dir, ['plan', '--out', 'out'], t.env);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `${DEV}: FAILED at fmt — terraform fmt -check: not formatted: main.tf (fix: terraform fmt -recursive)`,
    );
    expect(result.stdout).toContain(
      `${PROD}: FAILED at plan — terraform plan: state lock not acquired within -lock-timeout=90s (another run holds it)`,
    );
    await writeFile(t.configFile, JSON.stringify({ default: { plan: 'basic-create.json', crash: 'show' } }));
    const crashed = await runInfra(t.dir, ['plan', '--root', PROD, '--out', 'out'], t.env);
    expect(crashed.code).toBe(1);
    expect(crashed.stdout).toContain(
      `${PROD}: FAILED at show — terraform show crashed (exit 2); the crash log is in plan.log`,
    );
  });

  it('plans the affected roots of a git comparison', async () => {
    const t = await setup({ default: { plan: 'empty.json' } });
    initGit(t.dir);
    const base = commitAll(t.dir, 'base');
    await writeFiles(t.dir, { [`${DEV}/extra.tf`]: '' });
    const head = commitAll(t.dir, 'dev only');
    const result = await runInfra(t.dir, ['plan', '--affected', '--base', base, '--head', head, '--out', 'out'], t.env);
    expect(result.code).toBe(0);
    expect(Object.keys(await t.calls())).toEqual([DEV]);
  });

  it('groups each root log on GitHub Actions and annotates failures', async () => {
    const t = await setup({ default: { plan: 'empty.json' }, roots: { [DEV]: { fail: { init: 'no backend' } } } });
    const result = await runInfra(t.dir, ['plan', '--out', 'out'], { ...t.env, GITHUB_ACTIONS: 'true' });
    expect(result.stdout).toMatch(
      /::group::production \(environments\/production\): ok — no changes\n::stop-commands::(\S+)\n[\s\S]*?::\1::\n::endgroup::/,
    );
    expect(result.stdout).toContain(
      '::error title=infra plan environments/development::init: terraform init exited with 1: Error: no backend',
    );
  });

  it('rejects a directory that is not a root, in one line', async () => {
    const t = await setup({});
    const result = await runInfra(t.dir, ['plan', '--root', 'modules/app'], t.env);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `infra: --root 'modules/app' is not a root (a directory with a backend block). Roots: ${DEV}, ${PROD}.\n`,
    );
  });
});

describe('infra apply', () => {
  async function reviewedDigest(t: Awaited<ReturnType<typeof setup>>): Promise<string> {
    const planned = await runInfra(t.dir, ['plan', '--root', PROD, '--out', 'reviewed'], t.env);
    expect(planned.code).toBe(0);
    return (JSON.parse(await readFile(join(t.dir, 'reviewed/production/result.json'), 'utf8')) as { digest: string })
      .digest;
  }

  it('re-plans, finds the reviewed digest and applies exactly that plan file, then reads the outputs', async () => {
    const outputs = { environment: { value: 'production', type: 'string', sensitive: false } };
    const t = await setup({ default: { plan: 'basic-create.json', outputs } });
    const digest = await reviewedDigest(t);
    const logBefore = (await t.invocations()).length;
    const result = await runInfra(
      t.dir,
      ['apply', '--root', PROD, '--expect-digest', digest, '--out', 'applied'],
      t.env,
    );
    expect(result.stderr).not.toMatch(/infra:/);
    expect(result.code).toBe(0);
    const out = join(t.dir, 'applied/production');
    expect(
      (await t.invocations()).slice(logBefore).map((i) => [i.cwd.slice(t.dir.length + 1), i.argv.join(' ')]),
    ).toEqual([
      [PROD, 'init -input=false -no-color'],
      [PROD, `plan -input=false -no-color -lock-timeout=90s -out=${out}/plan.tfplan`],
      [PROD, `show -json ${out}/plan.tfplan`],
      [PROD, `apply -input=false -no-color -lock-timeout=90s ${out}/plan.tfplan`],
      [PROD, 'output -json'],
    ]);
    expect(JSON.parse(await readFile(join(out, 'outputs.json'), 'utf8'))).toEqual(outputs);
    expect(await readFile(join(out, 'apply.log'), 'utf8')).toContain('Apply complete!');
    expect(result.stdout).toContain(`${PROD}: applied the reviewed plan (digest ${digest}`);
  });

  it('refuses, applies nothing and exits 1 when the new plan differs from the reviewed one', async () => {
    const t = await setup({ default: { plan: 'basic-create.json' } });
    const digest = await reviewedDigest(t);
    await writeFile(t.configFile, JSON.stringify({ default: { plan: 'requires-replace.json' } }));
    const result = await runInfra(
      t.dir,
      ['apply', '--root', PROD, '--expect-digest', digest, '--out', 'applied'],
      t.env,
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      new RegExp(
        `^${PROD}: FAILED — apply refused: the plan changed since it was reviewed \\(reviewed digest ${digest}, new plan [0-9a-f]{64}\\)\\. Nothing was applied`,
      ),
    );
    expect((await t.invocations()).some((i) => i.argv[0] === 'apply')).toBe(false);
  });

  it('needs exactly one root and a digest', async () => {
    const t = await setup({});
    expect((await runInfra(t.dir, ['apply', '--root', PROD], t.env)).stderr).toBe(
      'infra: apply needs --expect-digest SHA (the digest of the reviewed plan).\n',
    );
    expect(
      (await runInfra(t.dir, ['apply', '--root', PROD, '--root', DEV, '--expect-digest', 'x'], t.env)).stderr,
    ).toBe('infra: apply needs exactly one --root DIR.\n');
  });
});

describe('infra drift', () => {
  it('exit 0 when no root drifted', async () => {
    const t = await setup({ default: { plan: 'empty.json' } });
    const result = await runInfra(t.dir, ['drift', '--out', 'drift'], t.env);
    expect(result.code).toBe(0);
    expect((await t.calls())[PROD]).toEqual([
      'init -input=false -no-color',
      `plan -input=false -no-color -lock-timeout=90s -detailed-exitcode -out=${join(t.dir, 'drift/production')}/plan.tfplan`,
    ]);
    expect(JSON.parse(await readFile(join(t.dir, 'drift/production/drift.json'), 'utf8'))).toEqual({
      root: PROD,
      name: 'production',
      status: 'clean',
    });
  });

  it('exit 2 with the report when a root drifted', async () => {
    const t = await setup({ default: { plan: 'empty.json' }, roots: { [PROD]: { plan: 'drift.json' } } });
    const result = await runInfra(t.dir, ['drift', '--out', 'drift'], t.env);
    expect(result.code).toBe(2);
    expect((await t.calls())[PROD]?.at(-1)).toBe(`show -json ${join(t.dir, 'drift/production')}/plan.tfplan`);
    expect(result.stdout).toContain(`## Drift in ${PROD}`);
    expect(result.stdout).toContain('test_instance.should_refresh');
    expect(result.stdout).toContain(`${DEV}: no drift`);
    const report = JSON.parse(await readFile(join(t.dir, 'drift/production/drift.json'), 'utf8')) as {
      status: string;
      report: string;
    };
    expect(report.status).toBe('drift');
  });

  it('exit 1 on an error, also when a crash exits with 2 and on a bad flag', async () => {
    const t = await setup({ default: { plan: 'drift.json', crash: 'plan' } });
    const result = await runInfra(t.dir, ['drift', '--root', PROD, '--out', 'drift'], t.env);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${PROD}: ERROR — plan: terraform plan crashed (exit 2)`);
    const bad = await runInfra(t.dir, ['drift', '--parallel', '0'], t.env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe("infra: Invalid --parallel '0'. Expected a whole number from 1 to 64.\n");
  });
});
