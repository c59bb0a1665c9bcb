/**
 * The workflows' own logic, run as GitHub runs it: each `run:` script below is taken from the
 * workflow file and executed with bash (and jq, git, the real `npm run infra`), with the
 * variables GitHub would set, and its $GITHUB_OUTPUT read back. Plus the shape around them:
 * which jobs plan without the state lock, which wait for an environment, what the manual apply
 * takes and which job may write to pull requests.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { commitAll, git, initGit, projectRoot, writeFiles } from './infra-helpers.js';

const exec = promisify(execFile);

interface Step {
  id?: string;
  name?: string;
  if?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}
interface Job {
  if?: string;
  environment?: string;
  permissions?: Record<string, string>;
  strategy?: { matrix: string };
  steps: Step[];
  needs?: string | string[];
}
interface Workflow {
  on: Record<string, { inputs?: Record<string, { required?: boolean; type?: string }> } | null>;
  jobs: Record<string, Job>;
}

async function workflow(name: string): Promise<Workflow> {
  return parse(await readFile(join(projectRoot, '.github/workflows', name), 'utf8')) as Workflow;
}

function step(job: Job, id: string): Step {
  const found = job.steps.find((s) => s.id === id);
  if (!found?.run) throw new Error(`no run step '${id}'`);
  return found;
}

let temp = '';
beforeAll(async () => {
  temp = await mkdtemp(join(tmpdir(), 'workflow-steps-'));
});
afterAll(async () => {
  await rm(temp, { recursive: true, force: true });
});

/** Runs a step's script with bash as the runner does (`bash -e {0}`), returning its outputs. */
async function runStep(
  script: string,
  env: Record<string, string>,
  cwd: string,
): Promise<{ code: number; outputs: Record<string, string>; stdout: string }> {
  const output = join(temp, `output-${Math.random().toString(36).slice(2)}`);
  await writeFile(output, '');
  let code = 0;
  let stdout = '';
  try {
    stdout = (
      await exec('bash', ['-e', '-o', 'pipefail', '-c', script], {
        cwd,
        env: { ...process.env, GITHUB_OUTPUT: output, GITHUB_ACTIONS: '', ...env },
      })
    ).stdout;
  } catch (error) {
    code = (error as { code: number }).code;
    stdout = (error as { stdout: string }).stdout;
  }
  const outputs: Record<string, string> = {};
  for (const line of (await readFile(output, 'utf8')).split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) outputs[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return { code, outputs, stdout };
}

const MATRIX = JSON.stringify({
  include: [
    // The fields the gate reads, as `infra affected --format matrix` writes them from environments.yaml.
    { root: 'environments/development', name: 'development', environment: 'development', production: false },
    { root: 'environments/production', name: 'production', environment: 'production', production: true },
  ],
});

describe('pr.yml', () => {
  it('plans never take the state lock (pr and drift)', async () => {
    const pr = await readFile(join(projectRoot, '.github/workflows/pr.yml'), 'utf8');
    const drift = await readFile(join(projectRoot, '.github/workflows/drift.yml'), 'utf8');
    const plans = [...pr.matchAll(/infra -- plan [^\n]*/g)].map((m) => m[0]);
    expect(plans.length).toBeGreaterThan(0);
    for (const line of plans) expect(line).toContain('--no-lock');
    const drifts = [...drift.matchAll(/infra -- drift [^\n]*/g)].map((m) => m[0]);
    expect(drifts.length).toBeGreaterThan(0);
    for (const line of drifts) expect(line).toContain('--no-lock');
  });

  it('production plans of a code change run in the production-plan environment, with the same steps', async () => {
    const { jobs } = await workflow('pr.yml');
    expect(jobs['plan-gated']?.environment).toBe('production-plan');
    expect(jobs['plan-gated']?.strategy?.matrix).toContain('needs.affected.outputs.gated');
    expect(jobs.plan?.environment).toBeUndefined();
    expect(jobs.plan?.strategy?.matrix).toContain('needs.affected.outputs.direct');
    expect(jobs['plan-gated']?.steps).toEqual(jobs.plan?.steps);
    expect(jobs.comment?.needs).toEqual(expect.arrayContaining(['plan', 'plan-gated']));
  });

  it.each([
    ['.github/workflows/pr.yml', true],
    ['scripts/infra/run-root.ts', true],
    ['actions/env-guard/src/main.ts', true],
    ['io/cli.ts', true],
    ['src/plan/parse.ts', true],
    ['package-lock.json', true],
    ['environments/production/main.tf', false],
    ['modules/rds/main.tf', false],
    ['docs/workflows.md', false],
  ] as const)('the gate step: a change of %s → production plan gated: %s', async (file, gated) => {
    const repo = join(temp, `gate-${file.replace(/\W/g, '-')}`);
    await writeFiles(repo, { 'README.md': 'x\n' });
    initGit(repo);
    const base = git(repo, 'rev-parse', 'HEAD').trim();
    await writeFiles(repo, { [file]: 'changed\n' });
    const head = commitAll(repo, 'change');
    const { jobs } = await workflow('pr.yml');
    const gate = step(jobs.affected!, 'gate');
    const { code, outputs } = await runStep(gate.run!, { BASE_SHA: base, HEAD_SHA: head, MATRIX }, repo);
    expect(code).toBe(0);
    const gatedRoots = (JSON.parse(outputs.gated ?? '{}') as { include: { root: string }[] }).include.map(
      (e) => e.root,
    );
    const directRoots = (JSON.parse(outputs.direct ?? '{}') as { include: { root: string }[] }).include.map(
      (e) => e.root,
    );
    expect(gatedRoots).toEqual(gated ? ['environments/production'] : []);
    expect(directRoots).toEqual(
      gated ? ['environments/development'] : ['environments/development', 'environments/production'],
    );
    expect(outputs['any-gated']).toBe(String(gated));
  });
});

describe('apply.yml: the way back from a refused apply', () => {
  it('takes root and approve-digest on workflow_dispatch; the apply jobs keep their environments; only the refusal job writes to pull requests', async () => {
    const apply = await workflow('apply.yml');
    const inputs = apply.on.workflow_dispatch?.inputs ?? {};
    expect(Object.keys(inputs).sort()).toEqual(['approve-digest', 'root']);
    for (const input of Object.values(inputs)) expect(input).toMatchObject({ required: true, type: 'string' });
    expect(apply.jobs['apply-development']?.environment).toBe('development');
    expect(apply.jobs['apply-production']?.environment).toBe('production');
    expect(apply.jobs['apply-production']?.steps).toEqual(apply.jobs['apply-development']?.steps);
    for (const [name, job] of Object.entries(apply.jobs))
      if (name !== 'refused') expect(job.permissions?.['pull-requests'] ?? 'none', name).not.toBe('write');
    expect(apply.jobs.refused?.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    const applyStep = apply.jobs['apply-development']!.steps.find((s) => s.run?.includes('infra -- apply'));
    expect(applyStep?.run).toContain('--expect-digest "$DIGEST"');
    expect(applyStep?.env?.DIGEST).toBe('${{ steps.digest.outputs.digest }}');
  });

  it('the digest step applies exactly the approve-digest of a manual run, the reviewed digest of a merge', async () => {
    const apply = await workflow('apply.yml');
    const digest = step(apply.jobs['apply-development']!, 'digest');
    expect(digest.env?.APPROVED).toBe('${{ inputs.approve-digest }}');
    const approved = 'b'.repeat(64);
    const manual = await runStep(
      digest.run!,
      { GITHUB_EVENT_NAME: 'workflow_dispatch', APPROVED: approved, ROOT: 'environments/production' },
      temp,
    );
    expect([manual.code, manual.outputs.digest]).toEqual([0, approved]);
    const dir = join(temp, 'merge');
    await writeFiles(dir, {
      'reviewed/plan-digests.json': JSON.stringify({ roots: { 'environments/production': 'c'.repeat(64) } }),
    });
    const merge = await runStep(
      digest.run!,
      { GITHUB_EVENT_NAME: 'push', APPROVED: approved, ROOT: 'environments/production' },
      dir,
    );
    expect([merge.code, merge.outputs.digest]).toEqual([0, 'c'.repeat(64)]);
  });

  it('a manual run: one known root, on main, with a well-formed digest; anything else is refused', async () => {
    const apply = await workflow('apply.yml');
    const dispatched = step(apply.jobs.affected!, 'dispatched');
    const good = { GITHUB_REF: 'refs/heads/main', ROOT: 'environments/production', DIGEST: 'd'.repeat(64) };
    const ok = await runStep(dispatched.run!, good, projectRoot);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.outputs.production ?? '{}')).toMatchObject({
      include: [{ root: 'environments/production', name: 'production', environment: 'production', production: true }],
    });
    expect(ok.outputs.development).toBeUndefined();
    for (const [change, message] of [
      [{ GITHUB_REF: 'refs/heads/feature' }, 'A manual apply runs on main only'],
      [{ DIGEST: 'not-a-digest' }, 'approve-digest must be the 64-hex-digit digest'],
      [{ ROOT: 'environments/staging' }, "'environments/staging' is not a root of this repository"],
    ] as const) {
      const refused = await runStep(dispatched.run!, { ...good, ...change }, projectRoot);
      expect(refused.code).not.toBe(0);
      expect(refused.stdout).toContain(message);
      expect(refused.outputs).toEqual({});
    }
  });
});

describe('the plan role policy documented in docs/workflows.md', () => {
  it('is valid JSON that allows only reads and denies every write to the state bucket (the lock file included)', async () => {
    const docs = await readFile(join(projectRoot, 'docs/workflows.md'), 'utf8');
    const block = /The plan roles are read-only[\s\S]*?```json\n([\s\S]*?)```/.exec(docs)?.[1] ?? '';
    const policy = JSON.parse(block.replace(/^ {2}/gm, '')) as {
      Statement: { Effect: string; Action: string | string[]; Resource?: string | string[] }[];
    };
    const actions = (s: { Action: string | string[] }) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
    for (const statement of policy.Statement.filter((s) => s.Effect === 'Allow'))
      for (const action of actions(statement)) expect(action).toMatch(/^[a-z0-9-]+:(Get|List|Describe)[A-Za-z]*$/);
    const denyWrites = policy.Statement.find(
      (s) => s.Effect === 'Deny' && actions(s).includes('s3:PutObject') && actions(s).includes('s3:DeleteObject'),
    );
    expect(denyWrites?.Resource).toBe('arn:aws:s3:::phenom-terraform-state/*');
  });
});
