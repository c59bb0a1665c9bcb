/**
 * The environment model applied to one repository: which existing directories each
 * environment owns, which declared roots are missing, and who owns a path. A directory
 * entry owns everything below it; a glob owns every directory it matches and everything below
 * those. What only the repository can decide is checked here: a glob that matches no
 * directory and a directory two environments claim are refused with the entry's line; a
 * directory entry that does not exist (or holds no Terraform) is kept as `missing`, which
 * env-guard reports as a warning.
 */
import { globMatcher } from '../lib/glob.js';
import { posix } from 'node:path';
import type { RepoFile } from '../repo/files.js';
import type { LoadOptions } from '../repo/repository.js';
import type { TerraformDir } from '../repo/terraform-dir.js';
import type { EnvironmentModel, ModelEnvironment, RootEntry } from './schema.js';

export interface MissingRoot {
  entry: RootEntry;
  /** `does not exist`, `holds no Terraform files`. */
  reason: string;
}

export interface ResolvedEnvironment {
  name: string;
  config: ModelEnvironment;
  /** The outermost existing directories it owns, sorted. */
  dirs: string[];
  /** Every existing directory an entry names (directory entries, every glob match), sorted. */
  declared: string[];
  missing: MissingRoot[];
  /** True when the environment owns `path` (repository-relative). */
  owns(path: string): boolean;
  /** The directory of `dirs` that holds `path` (for messages). */
  dirOf(path: string): string | undefined;
  /** The items whose path it owns, in their order: what `owns` says of each, without asking it for every one. */
  ownedIn<T extends { path: string }>(items: readonly T[]): T[];
}

export interface ResolvedModel {
  model: EnvironmentModel;
  environments: ResolvedEnvironment[];
  /** The environment that owns `path`, if any. */
  ownerOf(path: string): ResolvedEnvironment | undefined;
}

/** What resolution needs of the repository model. */
export interface RepositoryListing {
  files: readonly RepoFile[];
  dirs: ReadonlyMap<string, TerraformDir>;
}

function within(path: string, dir: string): boolean {
  if (dir === '.') return !path.startsWith('../') && path !== '..';
  return path === dir || path.startsWith(`${dir}/`);
}

function ancestorsOrSelf(path: string): string[] {
  const out: string[] = [];
  for (let current = path; current !== '.' && current !== '' && current !== '/'; current = posix.dirname(current))
    out.push(current);
  return out;
}

const matchers = new WeakMap<RootEntry, (path: string) => boolean>();

const pathIndexes = new WeakMap<readonly { path: string }[], Map<string, number[]>>();

/**
 * Per path and directory, the indices of the items at or below it: a directory entry owns
 * exactly the items listed under its directory (`within`), found without a test per item.
 */
function pathIndex(items: readonly { path: string }[]): Map<string, number[]> {
  let index = pathIndexes.get(items);
  if (index) return index;
  index = new Map();
  items.forEach(({ path }, i) => {
    for (let at = path.length; at > 0; at = path.lastIndexOf('/', at - 1)) {
      const dir = path.slice(0, at);
      const list = index.get(dir);
      if (list) list.push(i);
      else index.set(dir, [i]);
    }
  });
  pathIndexes.set(items, index);
  return index;
}

/** The directory of the entry that holds `path`: the entry's directory, or the glob match among its ancestors. */
function entryDirOf(entry: RootEntry, path: string): string | undefined {
  if (!entry.glob) return within(path, entry.pattern) ? entry.pattern : undefined;
  let match = matchers.get(entry);
  if (!match) {
    match = globMatcher(entry.pattern);
    matchers.set(entry, match);
  }
  // The outermost matching ancestor: `live/prod/**` owns `live/prod/vpc/main.tf` from `live/prod`.
  return ancestorsOrSelf(path)
    .reverse()
    .find((dir) => match(dir));
}

/** The environments whose entries own `path`, each with the directory that holds it. Pure: no repository needed. */
export function ownersOf(model: EnvironmentModel, path: string): { env: ModelEnvironment; dir: string }[] {
  const out: { env: ModelEnvironment; dir: string }[] = [];
  for (const env of model.environments) {
    const dirs = env.roots.flatMap((entry) => entryDirOf(entry, path) ?? []);
    if (dirs.length > 0) out.push({ env, dir: dirs.sort((a, b) => a.length - b.length)[0] ?? '.' });
  }
  return out;
}

/** The environment that owns `path` by the model alone (`verify --root`, the matrix of `infra`). */
export function environmentOfPath(model: EnvironmentModel, path: string): ModelEnvironment | undefined {
  return ownersOf(model, path)[0]?.env;
}

/** The backend-config files of the root at `root` (repository-relative paths), as the entry that names it declares them. */
export function backendConfigOf(model: EnvironmentModel, root: string): string[] {
  return (backendConfigs(model)[root] ?? []).map((file) => posix.normalize(posix.join(root, file)));
}

/**
 * Per root directory, the files `terraform init -backend-config=FILE` reads, relative to the
 * root (only directory entries declare them: a glob names several roots).
 */
export function backendConfigs(model: EnvironmentModel): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const env of model.environments)
    for (const entry of env.roots)
      if (!entry.glob && entry.backendConfig.length > 0) out[entry.pattern] = entry.backendConfig;
  return out;
}

/** Every directory that holds a file of the listing (repository-relative, `.` excluded). */
function directoriesOf(files: readonly RepoFile[]): Set<string> {
  const dirs = new Set<string>();
  for (const file of files) for (const dir of ancestorsOrSelf(posix.dirname(file.path))) dirs.add(dir);
  return dirs;
}

export function resolveModel(model: EnvironmentModel, repo: RepositoryListing): ResolvedModel {
  const directories = directoriesOf(repo.files);
  const holdsTerraform = (dir: string) => [...repo.dirs.keys()].some((d) => within(d, dir));

  // One owner per directory: checked over every directory the repository has.
  for (const dir of [...directories].sort()) {
    const owners = ownersOf(model, dir);
    if (owners.length > 1) {
      const [first, second] = owners as [(typeof owners)[0], (typeof owners)[0]];
      const entry = second.env.roots.find((e) => entryDirOf(e, dir) !== undefined);
      const firstEntry = first.env.roots.find((e) => entryDirOf(e, dir) !== undefined);
      throw model.error(
        entry?.keyPath ?? ['environments', second.env.index],
        `'${dir}' is claimed by ${first.env.name} ('${firstEntry?.pattern ?? '?'}') and ${second.env.name} ('${entry?.pattern ?? '?'}'); a directory belongs to one environment`,
      );
    }
  }

  const environments = model.environments.map((config): ResolvedEnvironment => {
    const declared = new Set<string>();
    const missing: MissingRoot[] = [];
    for (const entry of config.roots) {
      if (entry.glob) {
        const match = globMatcher(entry.pattern);
        const matched = [...directories].filter((dir) => match(dir));
        if (matched.length === 0)
          throw model.error(entry.keyPath, `'${entry.pattern}' matches no directory of the repository`);
        for (const dir of matched) declared.add(dir);
      } else if (entry.pattern === '.' || directories.has(entry.pattern)) {
        declared.add(entry.pattern);
        if (!holdsTerraform(entry.pattern)) missing.push({ entry, reason: 'holds no Terraform files' });
      } else {
        missing.push({ entry, reason: 'does not exist' });
      }
    }
    const sorted = [...declared].sort();
    const dirs = sorted.filter((dir) => !sorted.some((other) => other !== dir && within(dir, other)));
    // Rules ask about the same paths once per environment, instance and finding: answer each once.
    const owned = new Map<string, boolean>();
    const owns = (path: string) => {
      let result = owned.get(path);
      if (result === undefined) {
        result = config.roots.some((entry) => entryDirOf(entry, path) !== undefined);
        owned.set(path, result);
      }
      return result;
    };
    return {
      name: config.name,
      config,
      dirs,
      declared: sorted,
      missing,
      owns,
      dirOf: (path) => dirs.find((dir) => within(path, dir)),
      ownedIn: (items) => {
        // A glob (or the whole repository) is matched path by path.
        if (config.roots.some((entry) => entry.glob || entry.pattern === '.')) return items.filter((i) => owns(i.path));
        const index = pathIndex(items);
        const found = new Set<number>();
        for (const entry of config.roots) for (const i of index.get(entry.pattern) ?? []) found.add(i);
        return [...found].sort((a, b) => a - b).map((i) => items[i] as (typeof items)[number]);
      },
    };
  });
  const owners = new Map<string, ResolvedEnvironment | undefined>();
  const owner = ownerFinder(environments);
  return {
    model,
    environments,
    ownerOf: (path) => {
      if (owners.has(path)) return owners.get(path);
      const found = owner(path);
      owners.set(path, found);
      return found;
    },
  };
}

/**
 * The first environment (in the model's order) that owns a path, without asking every
 * environment about every path: a directory entry is found among the path's ancestors (the
 * schema refuses directory entries of two environments that overlap); only environments with
 * a glob or `.` entry are asked in turn.
 */
function ownerFinder(environments: readonly ResolvedEnvironment[]): (path: string) => ResolvedEnvironment | undefined {
  const byDir = new Map<string, number>();
  const asked: number[] = [];
  environments.forEach((env, i) => {
    for (const entry of env.config.roots) {
      if (entry.glob || entry.pattern === '.') {
        if (!asked.includes(i)) asked.push(i);
      } else if (!byDir.has(entry.pattern)) byDir.set(entry.pattern, i);
    }
  });
  return (path) => {
    let best = byDir.get(path) ?? Infinity;
    for (let at = path.indexOf('/'); at !== -1; at = path.indexOf('/', at + 1))
      best = Math.min(best, byDir.get(path.slice(0, at)) ?? Infinity);
    for (const i of asked) {
      if (i >= best) break;
      if (environments[i]?.owns(path)) {
        best = i;
        break;
      }
    }
    return environments[best];
  };
}

/** How the repository model is loaded for this model: the walk's include and exclude globs, each root's backend-config files. */
export function repositoryOptions(model: EnvironmentModel): LoadOptions {
  return { exclude: model.files.exclude, include: model.files.include, backendConfig: backendConfigs(model) };
}
