/**
 * Do the GitHub workflows plan and apply each environment the way the environment model
 * says? The workflows read the model at run time through the matrix `infra` builds from it
 * (`vars[matrix.plan_role_var]`); what they still write by hand is checked here against the
 * model, so a root can never be guarded as one environment and planned with another's role:
 *
 * - every `role-to-assume` of aws-actions/configure-aws-credentials picks the role variable
 *   from the matrix (`plan_role_var` in plan and drift jobs, `apply_role_var` in apply jobs),
 *   or maps each environment to exactly its variable in the model;
 * - every environment name a workflow compares with (`matrix.environment == 'x'`) is declared;
 * - every environment with GitHub settings has an apply job, gated by its GitHub environment,
 *   fed by the affected job's output named after it, and needing the apply jobs of every
 *   environment that comes before it in the apply order.
 *
 * Pure: takes the workflow texts (parsed with `yaml`), returns one problem per finding with
 * the file and line.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type YAMLMap } from 'yaml';
import type { EnvironmentModel, ModelEnvironment } from './schema.js';

export interface WorkflowFile {
  /** Repository-relative, e.g. `.github/workflows/apply.yml`. */
  path: string;
  text: string;
}

export interface WorkflowProblem {
  file: string;
  line: number;
  message: string;
}

interface Job {
  id: string;
  node: YAMLMap;
  /** `apply` when a step runs `infra -- apply`; else `plan` (plan, drift and read-only jobs). */
  kind: 'apply' | 'plan';
  needs: string[];
}

const CREDENTIALS_ACTION = /^aws-actions\/configure-aws-credentials@/;

export function checkWorkflows(model: EnvironmentModel, files: readonly WorkflowFile[]): WorkflowProblem[] {
  const problems: WorkflowProblem[] = [];
  for (const file of files) problems.push(...checkWorkflow(model, file));
  return problems;
}

function checkWorkflow(model: EnvironmentModel, file: WorkflowFile): WorkflowProblem[] {
  const lines = new LineCounter();
  const doc = parseDocument(file.text, { lineCounter: lines });
  const problems: WorkflowProblem[] = [];
  const at = (node: unknown) => {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    return range ? lines.linePos(range[0]).line : 1;
  };
  const problem = (node: unknown, message: string) => problems.push({ file: file.path, line: at(node), message });
  if (doc.errors[0]) {
    problem(undefined, `not valid YAML: ${doc.errors[0].message.split('\n')[0] ?? ''}`);
    return problems;
  }
  const names = model.environments.map((e) => e.name);

  // Every environment a workflow names in an expression must exist.
  for (const match of file.text.matchAll(/matrix\.environment\s*==\s*'([^']*)'/g)) {
    if (!names.includes(match[1] ?? ''))
      problems.push({
        file: file.path,
        line: lines.linePos(match.index).line,
        message: `compares matrix.environment with '${match[1] ?? ''}', which ${model.file} does not declare (environments: ${names.join(', ')})`,
      });
  }

  const jobs = jobsOf(doc);
  for (const job of jobs) {
    for (const step of stepsOf(job.node, doc)) {
      const uses = step.get('uses');
      if (typeof uses !== 'string' || !CREDENTIALS_ACTION.test(uses)) continue;
      const withNode = step.get('with', true);
      const roleNode = isMap(withNode) ? withNode.get('role-to-assume', true) : undefined;
      const role = isScalar(roleNode) ? String(roleNode.value) : undefined;
      if (role === undefined) {
        problem(step, `job ${job.id}: configure-aws-credentials without role-to-assume`);
        continue;
      }
      problems.push(...checkRole(model, job, role, (message) => ({ file: file.path, line: at(roleNode), message })));
    }
  }

  const applyJobs = jobs.filter((j) => j.kind === 'apply');
  if (applyJobs.length > 0) problems.push(...checkApplyJobs(model, file.path, jobs, applyJobs, at));
  return problems;
}

function checkRole(
  model: EnvironmentModel,
  job: Job,
  role: string,
  problem: (message: string) => WorkflowProblem,
): WorkflowProblem[] {
  const field = job.kind === 'apply' ? 'apply_role_var' : 'plan_role_var';
  const wanted = (env: ModelEnvironment) => (job.kind === 'apply' ? env.github?.applyRoleVar : env.github?.planRoleVar);
  const fromMatrix = /^\$\{\{\s*vars\[\s*matrix\.([a-z_]+)\s*\]\s*\}\}$/.exec(role.trim());
  if (fromMatrix) {
    return fromMatrix[1] === field
      ? []
      : [
          problem(
            `job ${job.id}: role-to-assume reads matrix.${fromMatrix[1] ?? ''}, but a ${job.kind} job assumes the ${job.kind} role (vars[matrix.${field}])`,
          ),
        ];
  }
  // A hand-written mapping: each environment to exactly the variable the model names.
  const pairs = [...role.matchAll(/matrix\.environment\s*==\s*'([^']*)'\s*&&\s*vars\.([A-Za-z0-9_]+)/g)].map((m) => ({
    env: m[1] ?? '',
    variable: m[2] ?? '',
  }));
  if (pairs.length === 0)
    return [
      problem(
        `job ${job.id}: role-to-assume '${role}' is not chosen from the environment model (use \${{ vars[matrix.${field}] }})`,
      ),
    ];
  const out: WorkflowProblem[] = [];
  for (const { env: name, variable } of pairs) {
    const env = model.environments.find((e) => e.name === name);
    if (!env) continue; // reported as an undeclared environment
    const expected = wanted(env);
    if (variable !== expected)
      out.push(
        problem(
          `job ${job.id}: assumes vars.${variable} for ${name}, but ${model.file} says ${name}'s ${field} is ${expected ?? '(none: no github section)'}`,
        ),
      );
  }
  for (const env of model.environments)
    if (env.github && !pairs.some((p) => p.env === env.name))
      out.push(problem(`job ${job.id}: role-to-assume has no role for ${env.name} (${model.file} declares it)`));
  return out;
}

function checkApplyJobs(
  model: EnvironmentModel,
  file: string,
  jobs: readonly Job[],
  applyJobs: readonly Job[],
  at: (node: unknown) => number,
): WorkflowProblem[] {
  const problems: WorkflowProblem[] = [];
  const problem = (node: unknown, message: string) => problems.push({ file, line: at(node), message });
  const byEnv = new Map<string, Job>();
  for (const job of applyJobs) {
    const strategy = job.node.get('strategy', true);
    const matrix = isMap(strategy) ? strategy.get('matrix') : undefined;
    const source = typeof matrix === 'string' ? /needs\.([\w-]+)\.outputs\.([\w-]+)/.exec(matrix) : null;
    const env = source ? model.environments.find((e) => e.name === source[2]) : undefined;
    if (!source || !env) {
      problem(
        job.node,
        `apply job ${job.id}: its matrix is not one environment's roots (expected fromJSON(needs.<job>.outputs.<environment>) with an environment of ${model.file})`,
      );
      continue;
    }
    byEnv.set(env.name, job);
    // The job that computes the matrix must declare the output.
    const producer = jobs.find((j) => j.id === source[1]);
    const outputs = producer?.node.get('outputs', true);
    if (!isMap(outputs) || !outputs.has(env.name))
      problem(job.node, `apply job ${job.id}: job ${source[1] ?? '?'} has no output '${env.name}'`);
    const gate: unknown = job.node.get('environment', true);
    const gateName = isScalar(gate)
      ? String(gate.value)
      : isMap(gate)
        ? String((gate as YAMLMap).get('name') ?? '')
        : undefined;
    const expected = env.github?.environment;
    if (!env.github) problem(job.node, `apply job ${job.id}: ${env.name} has no github section in ${model.file}`);
    else if (gateName !== expected && !/^\$\{\{\s*matrix\.github_environment\s*\}\}$/.test(gateName ?? ''))
      problem(
        gate ?? job.node,
        `apply job ${job.id}: runs in GitHub environment '${gateName ?? '(none)'}', but ${model.file} gates ${env.name}'s applies with '${expected}'`,
      );
  }
  for (const env of model.environments)
    if (env.github && !byEnv.has(env.name))
      problems.push({
        file,
        line: 1,
        message: `no apply job for ${env.name}: ${model.file} declares its GitHub environment '${env.github.environment}' (apply order ${env.github.applyOrder})`,
      });

  // Apply order: a job waits for every environment that comes before it.
  const needsOf = (id: string, seen = new Set<string>()): Set<string> => {
    for (const need of jobs.find((j) => j.id === id)?.needs ?? []) {
      if (seen.has(need)) continue;
      seen.add(need);
      needsOf(need, seen);
    }
    return seen;
  };
  for (const [name, job] of byEnv) {
    const order = model.environments.find((e) => e.name === name)?.github?.applyOrder ?? 0;
    const waits = needsOf(job.id);
    for (const [otherName, other] of byEnv) {
      const otherOrder = model.environments.find((e) => e.name === otherName)?.github?.applyOrder ?? 0;
      if (otherOrder < order && !waits.has(other.id))
        problem(
          job.node,
          `apply job ${job.id} (${name}, apply order ${order}) does not wait for ${other.id} (${otherName}, apply order ${otherOrder}): add it to needs`,
        );
      if (otherOrder > order && waits.has(other.id))
        problem(
          job.node,
          `apply job ${job.id} (${name}, apply order ${order}) waits for ${other.id} (${otherName}, apply order ${otherOrder}), which ${model.file} applies after it`,
        );
    }
  }
  return problems;
}

function jobsOf(doc: Document): Job[] {
  const jobs = doc.get('jobs', true);
  if (!isMap(jobs)) return [];
  return jobs.items.flatMap((pair) => {
    const id = isScalar(pair.key) ? String(pair.key.value) : undefined;
    const node = pair.value;
    if (id === undefined || !isMap(node)) return [];
    const steps = stepsOf(node, doc);
    const applies = steps.some((s) => /\binfra\s+--\s+apply\b/.test(String(s.get('run') ?? '')));
    const needs = node.get('needs');
    const list = isSeq(needs)
      ? needs.items.map((n) => String(isScalar(n) ? n.value : n))
      : typeof needs === 'string'
        ? [needs]
        : [];
    return [{ id, node, kind: applies ? ('apply' as const) : ('plan' as const), needs: list }];
  });
}

/** A job's steps (`steps: *apply-steps`, an alias of another job's steps, resolved as GitHub reads it). */
function stepsOf(job: YAMLMap, doc: Document): YAMLMap[] {
  const node = job.get('steps', true);
  const steps = isAlias(node) ? node.resolve(doc) : node;
  return isSeq(steps) ? steps.items.filter(isMap) : [];
}
