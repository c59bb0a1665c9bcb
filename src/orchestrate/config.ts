/**
 * `infra.yaml`: the orchestration CLI's settings. Validated with zod; unknown keys are errors.
 * Every key is optional; `DEFAULT_INFRA_CONFIG` documents the defaults.
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ConfigurationError, errorMessage } from '../lib/errors.js';

const glob = z.string().min(1);

const environmentSchema = z
  .object({
    /** Environment name: selects the OIDC role and the apply order in the workflows. */
    name: z.string().regex(/^[a-z][a-z0-9-]*$/, 'lower-case letters, digits and hyphens, starting with a letter'),
    /** Globs (repository-relative) matching the root directories of this environment. */
    roots: z.array(glob).min(1),
  })
  .strict();

const infraConfigSchema = z
  .object({
    /** A change to a file matching one of these marks every root as affected. */
    'all-roots': z.array(glob).optional(),
    /** Changes matching these affect no root, neither by location nor through all-roots (they still do when a root reads the file). */
    ignore: z.array(glob).optional(),
    /** Environments in apply order; every root a matrix is built for must match exactly one. */
    environments: z.array(environmentSchema).optional(),
    /** Value of terraform's `-lock-timeout` (e.g. `5m`, `90s`). */
    'lock-timeout': z
      .string()
      .regex(/^\d+(ms|s|m|h)$/, "a duration such as '90s' or '5m'")
      .optional(),
    /** Roots planned in parallel when `--parallel` is not given. */
    parallel: z.number().int().min(1).max(64).optional(),
  })
  .strict();

export interface EnvironmentConfig {
  name: string;
  roots: string[];
}

export interface InfraConfig {
  allRoots: string[];
  ignore: string[];
  environments: EnvironmentConfig[];
  lockTimeout: string;
  parallel: number;
}

export const DEFAULT_INFRA_CONFIG: InfraConfig = {
  allRoots: [],
  ignore: ['**/*.md', 'docs/**', '**/*.test.ts'],
  environments: [],
  lockTimeout: '5m',
  parallel: 2,
};

/** Parses and validates the text of an `infra.yaml`; `source` names the file in messages. */
export function parseInfraConfig(text: string, source: string): InfraConfig {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new ConfigurationError(`${source}: not valid YAML: ${errorMessage(error)}`);
  }
  // An empty file is a mistake (a truncated write, a merge that lost the content), not a wish for
  // the defaults: those come from having no file at all.
  if (raw === null || raw === undefined)
    throw new ConfigurationError(
      `${source}: empty; expected a mapping of settings (${Object.keys(infraConfigSchema.shape).join(', ')}), or no file for the defaults.`,
    );
  const result = infraConfigSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : '(top level)';
    throw new ConfigurationError(`${source}: invalid ${where}: ${issue?.message ?? 'invalid configuration'}.`);
  }
  const value = result.data;
  const names = new Set<string>();
  for (const environment of value.environments ?? []) {
    if (names.has(environment.name))
      throw new ConfigurationError(`${source}: environment '${environment.name}' is listed twice.`);
    names.add(environment.name);
  }
  return {
    allRoots: value['all-roots'] ?? DEFAULT_INFRA_CONFIG.allRoots,
    ignore: value.ignore ?? DEFAULT_INFRA_CONFIG.ignore,
    environments: value.environments ?? DEFAULT_INFRA_CONFIG.environments,
    lockTimeout: value['lock-timeout'] ?? DEFAULT_INFRA_CONFIG.lockTimeout,
    parallel: value.parallel ?? DEFAULT_INFRA_CONFIG.parallel,
  };
}
