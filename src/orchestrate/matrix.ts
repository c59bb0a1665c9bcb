/**
 * GitHub Actions matrix for fan-out jobs: `{"include":[{"root","name","environment"}]}`.
 * `environment` comes from `infra.yaml` and selects the OIDC role and the apply order.
 */
import picomatch from 'picomatch';
import { ConfigurationError } from '../lib/errors.js';
import type { EnvironmentConfig } from './config.js';

export interface MatrixEntry {
  root: string;
  name: string;
  environment: string;
}

export interface Matrix {
  include: MatrixEntry[];
}

/** The environment a root belongs to; a root must match exactly one environment. */
function environmentOf(root: string, environments: readonly EnvironmentConfig[], source = 'infra.yaml'): string {
  const matches = environments.filter((environment) => picomatch.isMatch(root, environment.roots, { dot: true }));
  if (matches.length === 1) return matches[0]!.name;
  if (matches.length === 0) {
    const known = environments.map((e) => e.name).join(', ') || 'none configured';
    throw new ConfigurationError(
      `Root '${root}' matches no environment in ${source} (environments: ${known}). Add it to one environment's roots.`,
    );
  }
  throw new ConfigurationError(
    `Root '${root}' matches several environments in ${source}: ${matches.map((e) => e.name).join(', ')}. Expected exactly one.`,
  );
}

export function buildMatrix(
  roots: readonly string[],
  names: ReadonlyMap<string, string>,
  environments: readonly EnvironmentConfig[],
  source?: string,
): Matrix {
  return {
    include: roots.map((root) => ({
      root,
      name: names.get(root) ?? root,
      environment: environmentOf(root, environments, source),
    })),
  };
}
