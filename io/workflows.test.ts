/**
 * The workflows and the environment model (environments.yaml) must agree: this repository's
 * own workflows, parsed with `yaml`, against its own model — and the same files, changed the
 * ways a hand edit breaks them, must not pass.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { checkWorkflows, parseEnvironmentModel, type WorkflowFile } from '../src/model/index.js';
import { checkRepositoryWorkflows, readWorkflows } from './workflows.js';

const root = resolve(import.meta.dirname, '..');
const modelText = await readFile(resolve(root, 'environments.yaml'), 'utf8');
const model = (text = modelText) => parseEnvironmentModel(text, 'environments.yaml');
const workflows = await readWorkflows(root);
const file = (name: string): WorkflowFile => {
  const found = workflows.find((w) => w.path === `.github/workflows/${name}`);
  if (!found) throw new Error(`${name} not found`);
  return found;
};
const edited = (name: string, from: string, to: string): WorkflowFile[] =>
  workflows.map((w) => {
    if (w.path !== `.github/workflows/${name}`) return w;
    if (!w.text.includes(from)) throw new Error(`'${from}' not in ${name}`);
    return { ...w, text: w.text.replace(from, to) };
  });
const messages = (files: WorkflowFile[], m = model()) => checkWorkflows(m, files).map((p) => `${p.file}: ${p.message}`);

describe('the workflows and environments.yaml', () => {
  it('agree in this repository', async () => {
    expect(await checkRepositoryWorkflows(root)).toEqual([]);
  });

  it('every AWS role is chosen from the matrix infra builds from the model (parsed with yaml, independently of the checker)', () => {
    const roles: [string, string, string][] = [];
    for (const w of workflows) {
      const doc = parseYaml(w.text) as {
        jobs: Record<string, { steps?: { uses?: string; with?: Record<string, string> }[] }>;
      };
      for (const [id, job] of Object.entries(doc.jobs))
        for (const step of job.steps ?? [])
          if (step.uses?.startsWith('aws-actions/configure-aws-credentials@'))
            roles.push([w.path, id, step.with?.['role-to-assume'] ?? '']);
    }
    expect(roles).toEqual([
      ['.github/workflows/apply.yml', 'apply-development', '${{ vars[matrix.apply_role_var] }}'],
      ['.github/workflows/apply.yml', 'apply-production', '${{ vars[matrix.apply_role_var] }}'],
      ['.github/workflows/drift.yml', 'drift', '${{ vars[matrix.plan_role_var] }}'],
      ['.github/workflows/pr.yml', 'plan', '${{ vars[matrix.plan_role_var] }}'],
      // The same steps (a YAML anchor) for production plans that wait for approval.
      ['.github/workflows/pr.yml', 'plan-gated', '${{ vars[matrix.plan_role_var] }}'],
    ]);
  });

  it('disagree when a workflow maps an environment to another role by hand', () => {
    const swapped =
      "${{ matrix.environment == 'production' && vars.AWS_APPLY_ROLE_ARN_DEVELOPMENT || matrix.environment == 'development' && vars.AWS_APPLY_ROLE_ARN_DEVELOPMENT || '' }}";
    expect(messages(edited('apply.yml', '${{ vars[matrix.apply_role_var] }}', swapped))).toEqual([
      ".github/workflows/apply.yml: job apply-development: assumes vars.AWS_APPLY_ROLE_ARN_DEVELOPMENT for production, but environments.yaml says production's apply_role_var is AWS_APPLY_ROLE_ARN_PRODUCTION",
      ".github/workflows/apply.yml: job apply-production: assumes vars.AWS_APPLY_ROLE_ARN_DEVELOPMENT for production, but environments.yaml says production's apply_role_var is AWS_APPLY_ROLE_ARN_PRODUCTION",
    ]);
    expect(messages(edited('pr.yml', 'vars[matrix.plan_role_var]', 'vars[matrix.apply_role_var]'))).toEqual([
      '.github/workflows/pr.yml: job plan: role-to-assume reads matrix.apply_role_var, but a plan job assumes the plan role (vars[matrix.plan_role_var])',
      '.github/workflows/pr.yml: job plan-gated: role-to-assume reads matrix.apply_role_var, but a plan job assumes the plan role (vars[matrix.plan_role_var])',
    ]);
    expect(
      messages(edited('drift.yml', '${{ vars[matrix.plan_role_var] }}', 'arn:aws:iam::111111111111:role/x')),
    ).toEqual([
      ".github/workflows/drift.yml: job drift: role-to-assume 'arn:aws:iam::111111111111:role/x' is not chosen from the environment model (use ${{ vars[matrix.plan_role_var] }})",
    ]);
  });

  it('disagree when a workflow names an environment the model does not declare', () => {
    expect(
      messages(
        edited(
          'pr.yml',
          'matrix.production && secrets.CLOUDFLARE_API_TOKEN_PLAN',
          "matrix.environment == 'prod' && secrets.CLOUDFLARE_API_TOKEN_PLAN",
        ),
      ),
    ).toEqual([
      ".github/workflows/pr.yml: compares matrix.environment with 'prod', which environments.yaml does not declare (environments: production, development)",
    ]);
  });

  it('disagree when an apply is gated by another GitHub environment, or runs out of the apply order', () => {
    expect(messages(edited('apply.yml', '    environment: production\n', '    environment: prod-approvals\n'))).toEqual(
      [
        ".github/workflows/apply.yml: apply job apply-production: runs in GitHub environment 'prod-approvals', but environments.yaml gates production's applies with 'production'",
      ],
    );
    const reordered = model(
      modelText
        .replace('apply_order: 2', 'apply_order: 0')
        .replace('apply_order: 1', 'apply_order: 2')
        .replace('apply_order: 0', 'apply_order: 1'),
    );
    expect(messages(workflows, reordered)).toEqual([
      '.github/workflows/apply.yml: apply job apply-development (development, apply order 2) does not wait for apply-production (production, apply order 1): add it to needs',
      '.github/workflows/apply.yml: apply job apply-production (production, apply order 1) waits for apply-development (development, apply order 2), which environments.yaml applies after it',
    ]);
  });

  it('disagree when the model gains or renames an environment the workflows do not apply', () => {
    const renamed = model(modelText.replace('name: development', 'name: staging'));
    expect(messages(workflows, renamed)).toEqual([
      ".github/workflows/apply.yml: apply job apply-development: its matrix is not one environment's roots (expected fromJSON(needs.<job>.outputs.<environment>) with an environment of environments.yaml)",
      ".github/workflows/apply.yml: no apply job for staging: environments.yaml declares its GitHub environment 'development' (apply order 1)",
    ]);
    expect(file('apply.yml').text).toContain('fromJSON(needs.affected.outputs.development)');
  });
});
