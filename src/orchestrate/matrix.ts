/**
 * GitHub Actions matrix for fan-out jobs: `{"include":[{root, name, environment, …}]}`. Each
 * entry carries what the environment model says about the root's environment, so the
 * workflows never map names to roles themselves: the GitHub environment that gates its
 * applies, its apply order, and the names of the repository variables holding its plan and
 * apply role ARNs and its root inputs (`vars[matrix.plan_role_var]`).
 */
import { ConfigurationError } from '../lib/errors.js';
import { ownersOf } from '../model/resolve.js';
import type { EnvironmentModel } from '../model/schema.js';

export interface MatrixEntry {
  root: string;
  name: string;
  environment: string;
  /** The GitHub environment whose protection rules gate its applies. */
  github_environment: string;
  apply_order: number;
  plan_role_var: string;
  apply_role_var: string;
  /** Empty when the environment has no root inputs variable. */
  tfvars_var: string;
  /** Plans of this root run with production credentials. */
  production: boolean;
}

export interface Matrix {
  include: MatrixEntry[];
}

/** The matrix entry of a root: its environment must exist and say how GitHub plans and applies it. */
function entryOf(root: string, name: string, model: EnvironmentModel): MatrixEntry {
  const owners = ownersOf(model, root);
  const owner = owners[0];
  if (!owner) {
    const known = model.environments.map((e) => e.name).join(', ');
    throw new ConfigurationError(
      `Root '${root}' belongs to no environment in ${model.file} (environments: ${known}). Add it to one environment's roots.`,
    );
  }
  if (owners.length > 1)
    throw new ConfigurationError(
      `Root '${root}' is claimed by several environments in ${model.file}: ${owners.map((o) => o.env.name).join(', ')}. Expected exactly one.`,
    );
  const env = owner.env;
  if (!env.github)
    throw new ConfigurationError(
      `${model.file}: environments[${env.index}] (${env.name}) has no github section (line ${env.line}): the workflows cannot choose the roles that plan and apply root '${root}'.`,
    );
  return {
    root,
    name,
    environment: env.name,
    github_environment: env.github.environment,
    apply_order: env.github.applyOrder,
    plan_role_var: env.github.planRoleVar,
    apply_role_var: env.github.applyRoleVar,
    tfvars_var: env.github.tfvarsVar ?? '',
    production: env.production,
  };
}

/** The matrix of `roots`, in their order; a root must belong to exactly one environment. */
export function buildMatrix(
  roots: readonly string[],
  names: ReadonlyMap<string, string>,
  model: EnvironmentModel | undefined,
): Matrix {
  if (!model && roots.length > 0)
    throw new ConfigurationError(
      'a matrix needs the environment model (environments.yaml at the repository root, or --environments FILE): every root must belong to an environment',
    );
  return { include: roots.map((root) => entryOf(root, names.get(root) ?? root, model as EnvironmentModel)) };
}
