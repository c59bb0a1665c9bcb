/** What every infra command starts from: the repository at the working directory, infra.yaml, TF_BIN. */
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import { ConfigurationError } from '../../src/lib/errors.js';
import { DEFAULT_INFRA_CONFIG, parseInfraConfig, rootNames, type InfraConfig } from '../../src/orchestrate/index.js';
import { normalizeRepoPath, toPosix, type Repository } from '../../src/repo/index.js';
import { loadRepositoryAt } from '../../io/node-fs.js';

export const CONFIG_FILE = 'infra.yaml';

export interface InfraContext {
  /** Repository root (npm run starts scripts there). */
  cwd: string;
  config: InfraConfig;
  /** Terraform executable: $TF_BIN, default `terraform` (OpenTofu's `tofu` works the same). */
  tfBin: string;
}

export async function loadContext(cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<InfraContext> {
  let config = DEFAULT_INFRA_CONFIG;
  const path = join(cwd, CONFIG_FILE);
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw new ConfigurationError(`${CONFIG_FILE}: cannot be read: ${error.message}`);
  });
  if (text !== undefined) config = parseInfraConfig(text, CONFIG_FILE);
  return { cwd, config, tfBin: env.TF_BIN?.trim() || 'terraform' };
}

export interface LoadedRepository {
  repo: Repository;
  /** Display name of every root (stable over the whole repository). */
  names: Map<string, string>;
}

export async function loadRepo(ctx: InfraContext): Promise<LoadedRepository> {
  // The default exclusions keep .infra/ (the CLI's own plans and logs) out of the model.
  const repo = await loadRepositoryAt(ctx.cwd);
  return { repo, names: rootNames(repo.roots.map((r) => r.dir)) };
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
