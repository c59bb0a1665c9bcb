/**
 * What every infra command starts from: the repository at the working directory, the
 * environment model (environments.yaml: which root belongs to which environment, its roles and
 * apply order, its backend-config files), infra.yaml (orchestration settings), TF_BIN.
 */
import { isAbsolute, join, relative } from 'node:path';
import { ConfigurationError } from '../../src/lib/errors.js';
import { DEFAULT_INFRA_CONFIG, type InfraConfig } from '../../src/orchestrate/infra-config.js';
import { rootNames } from '../../src/orchestrate/graph.js';
import { backendConfigOf } from '../../src/model/resolve.js';
import type { EnvironmentModel } from '../../src/model/schema.js';
import { normalizeRepoPath, toPosix, type Repository } from '../../src/repo/index.js';
import { readOptionalConfigFile } from '../../io/config-file.js';
import { loadRepositoryWith, readOptionalEnvironmentModel } from '../../io/environments.js';

export const CONFIG_FILE = 'infra.yaml';

export interface InfraContext {
  /** Repository root (npm run starts scripts there). */
  cwd: string;
  config: InfraConfig;
  /** The environment model; undefined when the repository has none (roots and plans still work, matrices do not). */
  model: EnvironmentModel | undefined;
  /** Terraform executable: $TF_BIN, default `terraform` (OpenTofu's `tofu` works the same). */
  tfBin: string;
}

export async function loadContext(cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<InfraContext> {
  const text = await readOptionalConfigFile(join(cwd, CONFIG_FILE), CONFIG_FILE);
  // YAML and zod load only when there is a file to parse.
  const config =
    text === undefined
      ? DEFAULT_INFRA_CONFIG
      : (await import('../../src/orchestrate/config.js')).parseInfraConfig(text, CONFIG_FILE);
  const model = await readOptionalEnvironmentModel(cwd);
  return { cwd, config, model, tfBin: env.TF_BIN?.trim() || 'terraform' };
}

export interface LoadedRepository {
  repo: Repository;
  /** Display name of every root (stable over the whole repository). */
  names: Map<string, string>;
}

/** What infra never reads as the user's code: its own output. */
export const OWN_EXCLUDE = ['.infra/**'];

export async function loadRepo(ctx: InfraContext): Promise<LoadedRepository> {
  const repo = await loadRepositoryWith(ctx.cwd, ctx.model, OWN_EXCLUDE);
  return { repo, names: rootNames(repo.roots.map((r) => r.dir)) };
}

/** The `-backend-config` files of a root, relative to it (as `terraform init` in the root reads them). */
export function backendConfigFiles(ctx: InfraContext, root: string): string[] {
  if (!ctx.model) return [];
  return backendConfigOf(ctx.model, root).map((file) => toPosix(relative(root, file)) || '.');
}

/** Turns `--root` values (relative, `./x/`, or absolute) into known root directories. */
export function resolveRoots(ctx: InfraContext, loaded: LoadedRepository, values: readonly string[]): string[] {
  const known = new Set(loaded.repo.roots.map((r) => r.dir));
  const out: string[] = [];
  for (const value of values) {
    const rel = normalizeRepoPath(toPosix(isAbsolute(value) ? relative(ctx.cwd, value) : value));
    if (!known.has(rel)) {
      const list = [...known].join(', ') || 'none';
      throw new ConfigurationError(
        `--root '${value}' is not a root (a directory with a backend block). Roots: ${list}.`,
      );
    }
    if (!out.includes(rel)) out.push(rel);
  }
  return out;
}
