/**
 * What every rule needs: the repository model, the validated config, the environment model
 * resolved against the repository (which environment owns which directory and root, who may
 * read whom), and small helpers to build findings with exact positions.
 */
import type { Range } from '../hcl/index.js';
import type { Logger } from '../lib/logger.js';
import { resolveModel, type ResolvedEnvironment, type ResolvedModel } from '../model/index.js';
import type { Repository, TerraformDir } from '../repo/index.js';
import { rootStates, type RootState } from './backends.js';
import type { GuardConfig, Ledger } from './config.js';
import type { AllowlistOutcome } from './matcher.js';
import type { Finding, SharedRead } from './types.js';

export interface EnvContext {
  name: string;
  /** The outermost directories it owns (none for an environment that only declares identifiers). */
  dirs: string[];
  /** True when the environment owns `path` (repository-relative). */
  owns(path: string): boolean;
  /** The directory of `dirs` holding `path`, for messages (`inside production's directory …`). */
  dirOf(path: string): string;
  /** Every root (directory with a backend, Terragrunt unit) it owns. */
  roots: TerraformDir[];
  /** The Terraform directories its entries name that are meant to be roots: not a module any root calls. */
  declared: TerraformDir[];
  /** Environments that may read this one (shared), by name. */
  sharedWith: readonly string[];
  resolved: ResolvedEnvironment;
}

/** Where a read of a shared environment was seen (listed in the report, never a violation). */
export interface SharedReadSite {
  file: string;
  range: Pick<Range, 'start'> | undefined;
  /** What reads: `data.terraform_remote_state.network`, `file()`, `dependency "vpc"`. */
  via: string;
  /** What is read: a state, a path. */
  target: string;
}

export interface GuardContext {
  repo: Repository;
  config: GuardConfig;
  model: ResolvedModel;
  envs: EnvContext[];
  logger: Logger;
  /** Today, for allow-list expiry. */
  now: Date;
  /** The follow-up ledger the config names, when it names one. */
  ledger: Ledger | undefined;
  /** The environment that owns `path` (repository-relative). */
  envOfPath(path: string): EnvContext | undefined;
  /** The names of the environments `env` may read: itself, then every shared environment that names it. */
  readable(env: EnvContext): string[];
  /**
   * Whether `reader` reaching into `owner` crosses the boundary. A read of a shared environment
   * that names the reader is allowed and recorded in `sharedReads` (with `site`).
   */
  crosses(reader: EnvContext, owner: EnvContext, site: SharedReadSite): boolean;
  /** The state of every root in the repository, computed once per run. */
  states(): Promise<Map<string, RootState>>;
  /** Allowed reads of shared environments, as the rules saw them. */
  sharedReads: SharedRead[];
  /** What the allow-list made of the other rules' findings (set before the rules that run after it). */
  allowlist?: AllowlistOutcome;
}

export function createContext(
  repo: Repository,
  config: GuardConfig,
  logger: Logger,
  now: Date,
  ledger?: Ledger,
): GuardContext {
  const model = resolveModel(config.model, repo);
  // A directory some module call uses is a module, even when an environment's glob matches it.
  const moduleDirs = new Set([...repo.dirs.values()].flatMap((d) => d.moduleCalls.flatMap((c) => c.localDir ?? [])));
  const envs: EnvContext[] = model.environments.map((env) => ({
    name: env.name,
    dirs: env.dirs,
    owns: env.owns,
    dirOf: (path) => env.dirOf(path) ?? env.dirs[0] ?? path,
    roots: repo.roots.filter((r) => env.owns(r.dir)),
    declared: env.declared.flatMap((dir) => {
      const tf = repo.dirs.get(dir);
      return tf && !moduleDirs.has(dir) ? [tf] : [];
    }),
    sharedWith: env.config.sharedWith,
    resolved: env,
  }));
  const byName = new Map(envs.map((e) => [e.name, e]));
  let states: Promise<Map<string, RootState>> | undefined;
  const sharedReads: SharedRead[] = [];
  const sharedReadIds = new Set<string>();
  const mayRead = (reader: EnvContext, owner: EnvContext) => reader === owner || owner.sharedWith.includes(reader.name);
  const ctx: GuardContext = {
    repo,
    config,
    model,
    envs,
    logger,
    now,
    ledger,
    envOfPath: (path) => {
      const owner = model.ownerOf(path);
      return owner ? byName.get(owner.name) : undefined;
    },
    readable: (env) => [env.name, ...envs.filter((e) => e !== env && mayRead(env, e)).map((e) => e.name)],
    crosses: (reader, owner, site) => {
      if (!mayRead(reader, owner)) return true;
      if (reader !== owner) {
        const read: SharedRead = {
          reader: reader.name,
          shared: owner.name,
          file: site.file,
          line: site.range?.start.line ?? 1,
          column: site.range?.start.column ?? 1,
          via: site.via,
          target: site.target,
        };
        const id = JSON.stringify(read);
        if (!sharedReadIds.has(id)) {
          sharedReadIds.add(id);
          sharedReads.push(read);
        }
      }
      return false;
    },
    states: () => (states ??= rootStates(repo)),
    sharedReads,
  };
  return ctx;
}

/**
 * Builds a finding over `range` (or at 1:1 when there is none; the runner then extends it to the
 * end of that line). `severity: 'warning'` keeps it a warning whatever the rule's severity is
 * (see Finding).
 */
export function finding(
  env: string | null,
  file: string,
  range: (Pick<Range, 'start'> & Partial<Pick<Range, 'end'>>) | undefined,
  message: string,
  key: string,
  severity?: 'warning',
): Finding {
  const start = range?.start ?? { line: 1, column: 1 };
  const end = range?.end ?? start;
  const at = {
    env,
    file,
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    message,
    key,
  };
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
