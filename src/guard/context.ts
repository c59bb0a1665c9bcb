/**
 * What every rule needs: the repository model, the validated config, which environment owns
 * which directory and root, and small helpers to build findings with exact positions.
 */
import type { Range } from '../hcl/index.js';
import type { Logger } from '../lib/logger.js';
import { isWithin, type Repository, type TerraformDir } from '../repo/index.js';
import { rootStates, type RootState } from './backends.js';
import type { AllowEntry, GuardConfig, Ledger } from './config.js';
import type { Finding, Location } from './types.js';

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
  /** The follow-up ledger the config names, when it names one. */
  ledger: Ledger | undefined;
  /** The environment whose directory contains `path` (repository-relative). */
  envOfPath(path: string): EnvContext | undefined;
  /** The state of every root in the repository, computed once per run. */
  states(): Promise<Map<string, RootState>>;
  /** Where each allow-list entry's literal was seen (filled by the checks that match literals). */
  references: Map<AllowEntry, Location[]>;
}

export function createContext(
  repo: Repository,
  config: GuardConfig,
  logger: Logger,
  now: Date,
  ledger?: Ledger,
): GuardContext {
  const envs: EnvContext[] = config.environments.map((env) => ({
    name: env.name,
    dir: env.dir,
    roots: repo.roots.filter((r) => isWithin(r.dir, env.dir)),
    main: repo.dirs.get(env.dir),
  }));
  let states: Promise<Map<string, RootState>> | undefined;
  const ctx: GuardContext = {
    repo,
    config,
    envs,
    logger,
    now,
    ledger,
    envOfPath: (path) => envs.find((e) => isWithin(path, e.dir)),
    states: () => (states ??= rootStates(repo)),
    references: new Map(),
  };
  return ctx;
}

/**
 * Builds a finding at the start of `range` (or 1:1 when there is none). `severity: 'warning'`
 * keeps it a warning whatever the rule's severity is (see Finding).
 */
export function finding(
  env: string | null,
  file: string,
  range: Pick<Range, 'start'> | undefined,
  message: string,
  key: string,
  severity?: 'warning',
): Finding {
  const at = { env, file, line: range?.start.line ?? 1, column: range?.start.column ?? 1, message, key };
  return severity ? { ...at, severity } : at;
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
  private readonly groups = new Map<string, { make: (where: string) => Finding; addresses: string[]; root: string }>();

  add(root: string, address: string, id: string, make: (where: string) => Finding): void {
    const key = `${root}\0${id}`;
    const group = this.groups.get(key);
    if (group) {
      if (!group.addresses.includes(address)) group.addresses.push(address);
    } else {
      this.groups.set(key, { make, addresses: [address], root });
    }
  }

  findings(): Finding[] {
    return [...this.groups.values()].map(({ make, addresses, root }) => {
      const named = addresses.filter(Boolean);
      return make(named.length === 0 ? root : `${named.join(', ')} (root ${root})`);
    });
  }
}
