/**
 * What every rule needs: the repository model, the validated config, which environment owns
 * which directory and root, and small helpers to build findings with exact positions.
 */
import type { Range } from '../hcl/index.js';
import type { Logger } from '../lib/logger.js';
import { isWithin, type Repository, type TerraformDir } from '../repo/index.js';
import type { GuardConfig } from './config.js';
import type { RuleId, Severity, Violation } from './types.js';

export interface EnvContext {
  name: string;
  dir: string;
  /** Every root (directory with a backend) inside the environment's directory. */
  roots: TerraformDir[];
  /** The Terraform directory at exactly `dir`, with or without a backend. */
  main: TerraformDir | undefined;
}

export interface GuardContext {
  repo: Repository;
  config: GuardConfig;
  envs: EnvContext[];
  logger: Logger;
  /** Today, for allow-list expiry. */
  now: Date;
  /** The environment whose directory contains `path` (repository-relative). */
  envOfPath(path: string): EnvContext | undefined;
}

export function createContext(repo: Repository, config: GuardConfig, logger: Logger, now: Date): GuardContext {
  const envs: EnvContext[] = config.environments.map((env) => ({
    name: env.name,
    dir: env.dir,
    roots: repo.roots.filter((r) => isWithin(r.dir, env.dir)),
    main: repo.dirs.get(env.dir),
  }));
  return {
    repo,
    config,
    envs,
    logger,
    now,
    envOfPath: (path) => envs.find((e) => isWithin(path, e.dir)),
  };
}

/** Builds a violation at the start of `range` (or 1:1 when there is none). */
export function violation(
  rule: RuleId,
  severity: Severity,
  env: string | null,
  file: string,
  range: Pick<Range, 'start'> | undefined,
  message: string,
  key: string,
): Violation {
  return { rule, severity, env, file, line: range?.start.line ?? 1, column: range?.start.column ?? 1, message, key };
}

/** Removes findings with the same rule, environment, file, position and key; sorts by file, line, column, rule. */
export function dedupeAndSort<
  T extends { file: string; line: number; column: number; key: string; env: string | null },
>(items: T[], kind: (item: T) => string): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const item of items) {
    const id = `${kind(item)}\0${item.env ?? ''}\0${item.file}\0${item.line}\0${item.column}\0${item.key}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(item);
  }
  return out.sort(
    (a, b) =>
      cmp(a.file, b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      cmp(kind(a), kind(b)) ||
      cmp(a.env ?? '', b.env ?? ''),
  );
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Groups findings that differ only in the module instance they were found through (one
 * module file used by several instances of one root): one violation per place and key,
 * naming every instance.
 */
export class InstanceGrouper {
  private readonly groups = new Map<
    string,
    { make: (where: string) => Violation; addresses: string[]; root: string }
  >();

  add(root: string, address: string, id: string, make: (where: string) => Violation): void {
    const key = `${root}\0${id}`;
    const group = this.groups.get(key);
    if (group) {
      if (!group.addresses.includes(address)) group.addresses.push(address);
    } else {
      this.groups.set(key, { make, addresses: [address], root });
    }
  }

  violations(): Violation[] {
    return [...this.groups.values()].map(({ make, addresses, root }) => {
      const named = addresses.filter(Boolean);
      return make(named.length === 0 ? root : `${named.join(', ')} (root ${root})`);
    });
  }
}
