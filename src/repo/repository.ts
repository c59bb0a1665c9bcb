/**
 * The repository model every tool shares: Terraform directories, roots (directories with a
 * backend), the local module graph (transitive, through module instances with their own
 * variable values), and the files each root reads. Each file is read and parsed once per
 * `Repository`; everything is read through the FileSystem the shell passes in.
 */
import { posix } from 'node:path';
import type { HclFile } from '../hcl/index.js';
import { createFileCache } from './file-cache.js';
import { listFiles, type ListOptions, type RepoFile } from './files.js';
import type { FileSystem } from './fs.js';
import { moduleInstances, tfvarsValues, type ModuleInstance } from './instances.js';
import { isSymlink, readsOfInstances, type ResolvedRead } from './reads.js';
import { buildTerraformDir, type TerraformDir } from './terraform-dir.js';
import { terragruntUnits, type TerragruntUnit } from './terragrunt.js';

export type { ModuleInstance } from './instances.js';
export type { TerragruntUnit, UnitDependency, UnitRead } from './terragrunt.js';
export { resolveFromRoot, resolveRead, type ResolvedRead } from './reads.js';

export interface Repository {
  /** Absolute path of the repository root (the file system's `root`; for messages and `path.cwd`). */
  rootDir: string;
  files: RepoFile[];
  /** Every directory with .tf files, by repository-relative path. */
  dirs: Map<string, TerraformDir>;
  /** Directories with a backend (or cloud) block, and Terragrunt units, sorted. */
  roots: TerraformDir[];
  /** Terragrunt units by directory (src/repo/terragrunt.ts): their includes, reads and dependencies. */
  units: ReadonlyMap<string, TerragruntUnit>;
  /** Reads a text file once (BOM kept out), cached. */
  readText(path: string): Promise<string>;
  /** Parses an HCL file once (e.g. `*.tfvars`), cached; `.tf` files are already parsed in `dirs`. */
  parse(path: string): Promise<HclFile>;
  /** The root and every module instance below it, depth first; cycles are cut. */
  instances(root: string): Promise<ModuleInstance[]>;
  /** Local module directories a root uses, transitively, sorted (including ones that no longer exist). */
  modulesOf(root: string): Promise<{ dir: string; exists: boolean }[]>;
  /** Every file read by a root or its modules, resolved per instance. */
  readsOf(root: string): Promise<ResolvedRead[]>;
}

export type LoadOptions = ListOptions;

/** The model of the repository `fs` holds; the shell passes the file system in (io/node-fs.ts). */
export async function loadRepository(fs: FileSystem, options: LoadOptions = {}): Promise<Repository> {
  const files = await listFiles(fs, options);
  const cache = createFileCache(fs);
  const tfDirs = await terraformDirs(files, cache.parse);
  // Terragrunt units join the model as roots (their terragrunt.hcl among the directory's files).
  const units = new Map(
    (await terragruntUnits({ files, parse: cache.parse, absRoot: fs.root, dirs: tfDirs })).map(
      (u) => [u.dir, u] as const,
    ),
  );
  const dirs = new Map(
    [...tfDirs, ...[...units.values()].map((u) => [u.dir, u.terraformDir] as const)].sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    ),
  );
  const source = { dirs, absRoot: fs.root };
  const symlinks = files.filter(isSymlink);

  const instanceCache = new Map<string, Promise<ModuleInstance[]>>();
  const instances = (root: string) => {
    let cached = instanceCache.get(root);
    if (!cached) {
      const model = dirs.get(root);
      cached = model
        ? tfvarsValues(model, files, cache.parse).then((tfvars) => moduleInstances(model, tfvars, source))
        : Promise.reject(new Error(`${root} has no Terraform files`));
      instanceCache.set(root, cached);
    }
    return cached;
  };

  return {
    rootDir: fs.root,
    files,
    dirs,
    roots: [...dirs.values()].filter((d) => d.backend || units.has(d.dir)),
    units,
    readText: cache.readText,
    parse: cache.parse,
    instances,
    modulesOf: async (root) => modulesOfInstances(await instances(root)),
    readsOf: async (root) => {
      const all = await instances(root);
      const unitReads =
        (all[0] && units.get(root)?.reads.map((r) => ({ ...r, instance: all[0]!, directory: false }))) ?? [];
      return [...readsOfInstances(all, dirs, symlinks, fs.root), ...unitReads];
    },
  };
}

/** Every directory with `.tf` files (one module each), sorted by path. */
async function terraformDirs(
  files: readonly RepoFile[],
  parse: (path: string) => Promise<HclFile>,
): Promise<Map<string, TerraformDir>> {
  const byDir = new Map<string, string[]>();
  for (const file of files) {
    if (file.symlink || !file.path.endsWith('.tf')) continue;
    const dir = posix.dirname(file.path);
    byDir.set(dir, [...(byDir.get(dir) ?? []), file.path]);
  }
  const built = await Promise.all(
    [...byDir].map(async ([dir, paths]) => buildTerraformDir(dir, await Promise.all(paths.map(parse)))),
  );
  return new Map(built.map((d) => [d.dir, d] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function modulesOfInstances(instances: readonly ModuleInstance[]): { dir: string; exists: boolean }[] {
  const seen = new Map<string, boolean>();
  for (const instance of instances) if (instance.address) seen.set(instance.dir, instance.exists);
  return [...seen].map(([dir, exists]) => ({ dir, exists })).sort((a, b) => (a.dir < b.dir ? -1 : 1));
}
