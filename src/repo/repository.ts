/**
 * The repository model every tool shares: Terraform directories (the configuration Terraform
 * assembles from `.tf` and `.tf.json` files, override files merged), roots (directories with a
 * backend) with the backend-config files they are initialised with, the local module graph
 * (transitive, through module instances with their own variable values, symlinked module
 * directories resolved), and the files each root reads. Each file is read and parsed once per
 * `Repository`; everything is read through the FileSystem the shell passes in.
 */
import { posix } from 'node:path';
import type { Attribute, HclFile } from '../hcl/index.js';
import { createFileCache, DEFAULT_MAX_FILE_BYTES, type FileCache, type FileContent } from './file-cache.js';
import { isWithin, listFiles, normalizeRepoPath, type ListOptions, type RepoFile } from './files.js';
import type { FileSystem } from './fs.js';
import { moduleInstances, tfvarsValues, type ModuleInstance } from './instances.js';
import { isSymlink, readsOfInstances, type ResolvedRead } from './reads.js';
import { buildTerraformDir, type BackendDecl, type TerraformDir } from './terraform-dir.js';
import { terragruntUnits, type TerragruntUnit } from './terragrunt.js';
import { push } from '../lib/maps.js';

export type { ModuleInstance } from './instances.js';
export type { TerragruntUnit, UnitDependency, UnitRead } from './terragrunt.js';
export { resolveFromRoot, resolveRead, type ResolvedRead } from './reads.js';
export { createFileCache, DEFAULT_MAX_FILE_BYTES, megabytes, type FileCache, type FileContent } from './file-cache.js';

export interface Repository {
  /** Absolute path of the repository root (the file system's `root`; for messages and `path.cwd`). */
  rootDir: string;
  files: RepoFile[];
  /** Every directory with .tf or .tf.json files, by repository-relative path. */
  dirs: Map<string, TerraformDir>;
  /** Directories with a backend (or cloud) block, and Terragrunt units, sorted. */
  roots: TerraformDir[];
  /** Terragrunt units by directory (src/repo/terragrunt.ts): their includes, reads and dependencies. */
  units: ReadonlyMap<string, TerragruntUnit>;
  /** The size limit of `content` and `parse` (bytes). */
  maxFileBytes: number;
  /** Reads a text file once (BOM kept out), cached; no size limit. */
  readText(path: string): Promise<string>;
  /** A file's text, or that it is over the size limit (and was not read). */
  content(path: string): Promise<FileContent>;
  /** Parses a configuration file once (e.g. `*.tfvars`), cached; `.tf` files are already parsed in `dirs`. */
  parse(path: string): Promise<HclFile>;
  /** The root and every module instance below it, depth first; cycles are cut. */
  instances(root: string): Promise<ModuleInstance[]>;
  /** Local module directories a root uses, transitively, sorted (including ones that no longer exist). */
  modulesOf(root: string): Promise<{ dir: string; exists: boolean }[]>;
  /** Every file read by a root or its modules, resolved per instance (and through symlinks). */
  readsOf(root: string): Promise<ResolvedRead[]>;
}

export interface LoadOptions extends ListOptions {
  /** Files larger than this (bytes) are not read: reported and skipped. Default DEFAULT_MAX_FILE_BYTES. */
  maxFileBytes?: number;
  /**
   * Per root directory (repository-relative), what it is initialised with as
   * `terraform init -backend-config=…`: file paths relative to the root, or `key=value` settings,
   * in order. A root without an entry uses the `backend.hcl` or the one `*.tfbackend` file beside
   * it, when there is exactly one.
   */
  backendConfig?: Readonly<Record<string, readonly string[]>>;
  /**
   * This repository's URLs (as `git remote -v` lists them): a git / `git::` / GitHub module source
   * naming one of them is read as this repository's `//subdir`.
   */
  repositoryUrls?: readonly string[];
  /** The listing, when the caller walked the repository already (listFiles with these options). */
  files?: readonly RepoFile[];
  /**
   * Only the configuration of these Terraform directories is read and parsed (`infra affected`
   * loads the roots a change can reach and their modules); default every directory.
   */
  onlyDirs?: ReadonlySet<string>;
  /**
   * The file cache to read and parse through (createFileCache over the same file system and size
   * limit), so that several loads of one repository read and parse each file once; default a new one.
   */
  cache?: FileCache;
}

/** Terraform's configuration files: `.tf` and `.tf.json`. */
export const CONFIG_FILE = /\.tf(\.json)?$/;
const BACKEND_FILE = /(^|\/)(backend\.hcl|[^/]+\.tfbackend)$/;

/** The model of the repository `fs` holds; the shell passes the file system in (io/node-fs.ts). */
export async function loadRepository(fs: FileSystem, options: LoadOptions = {}): Promise<Repository> {
  const files = options.files ? [...options.files] : await listFiles(fs, options);
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const cache = options.cache ?? createFileCache(fs, maxFileBytes);
  const only = options.onlyDirs;
  const configFiles = await readableConfigFiles(
    fs,
    only ? files.filter((f) => only.has(posix.dirname(f.path))) : files,
  );
  const tfDirs = await terraformDirs(configFiles, cache.parse, options);
  // Each directory's own files (backend-config files, tfvars), indexed once rather than filtered per root.
  const filesByDir = new Map<string, RepoFile[]>();
  for (const file of files) push(filesByDir, posix.dirname(file.path), file);
  const listed = { byDir: filesByDir, paths: new Set(files.map((f) => f.path)) };
  await Promise.all(
    [...tfDirs.values()].map((dir) =>
      dir.backend ? attachBackendConfig(dir, dir.backend, listed, cache, options) : undefined,
    ),
  );
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
  const realDirs = await resolveModuleDirs(fs, dirs);
  const source = { dirs, absRoot: fs.root, realDir: (dir: string) => realDirs.get(dir) ?? dir };
  const symlinks = files.filter(isSymlink);
  const realPaths = new Map<string, Promise<string | undefined>>();
  const realPath = (path: string) => {
    let real = realPaths.get(path);
    if (!real) {
      real = path.startsWith('../') ? Promise.resolve(undefined) : fs.realpath(path).catch(() => undefined);
      realPaths.set(path, real);
    }
    return real;
  };

  const instanceCache = new Map<string, Promise<ModuleInstance[]>>();
  const instances = (root: string) => {
    let cached = instanceCache.get(root);
    if (!cached) {
      const model = dirs.get(root);
      cached = model
        ? tfvarsValues(model, filesByDir.get(root) ?? [], cache.parse).then((tfvars) =>
            moduleInstances(model, tfvars, source),
          )
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
    maxFileBytes,
    readText: cache.readText,
    content: cache.content,
    parse: cache.parse,
    instances,
    modulesOf: async (root) => modulesOfInstances(await instances(root)),
    readsOf: async (root) => {
      const all = await instances(root);
      const unitReads =
        (all[0] && units.get(root)?.reads.map((r) => ({ ...r, instance: all[0]!, directory: false }))) ?? [];
      const reads = [...readsOfInstances(all, dirs, symlinks, fs.root), ...unitReads];
      // Many reads (one per instance of a module) share a path: each path is resolved once.
      const paths = [...new Set(reads.flatMap((read) => (read.path === undefined ? [] : [read.path])))];
      const reals = new Map(await Promise.all(paths.map(async (path) => [path, await realPath(path)] as const)));
      return reads.map((read) => {
        const real = read.path === undefined ? undefined : reals.get(read.path);
        return real !== undefined && real !== read.path ? { ...read, realPath: real } : read;
      });
    },
  };
}

/** Configuration files, and symlinks to files that Terraform reads as configuration too. */
async function readableConfigFiles(fs: FileSystem, files: readonly RepoFile[]): Promise<RepoFile[]> {
  const candidates = files.filter((f) => CONFIG_FILE.test(f.path));
  const readable = await Promise.all(
    candidates.map(async (file) => {
      if (!file.symlink) return true;
      const target = await fs.realpath(file.path).catch(() => undefined);
      if (target === undefined) return false;
      return (await fs.lstat(target).catch(() => undefined))?.kind === 'file';
    }),
  );
  return candidates.filter((_, i) => readable[i]);
}

/** Every directory with configuration files (one module each), sorted by path. */
async function terraformDirs(
  files: readonly RepoFile[],
  parse: (path: string) => Promise<HclFile>,
  options: LoadOptions,
): Promise<Map<string, TerraformDir>> {
  const byDir = new Map<string, string[]>();
  for (const file of files) push(byDir, posix.dirname(file.path), file.path);
  const built = await Promise.all(
    [...byDir].map(async ([dir, paths]) =>
      buildTerraformDir(dir, await Promise.all(paths.map(parse)), { repositoryUrls: options.repositoryUrls ?? [] }),
    ),
  );
  return new Map(built.map((d) => [d.dir, d] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Merges the backend-config files (or `key=value` settings) a root is initialised with into its
 * backend's settings: the declared ones (LoadOptions.backendConfig), else the one `backend.hcl`
 * or `*.tfbackend` beside it. Several candidates and nothing declared: which one applies is not
 * known, and the backend says so.
 */
async function attachBackendConfig(
  dir: TerraformDir,
  backend: BackendDecl,
  listed: { byDir: ReadonlyMap<string, readonly RepoFile[]>; paths: ReadonlySet<string> },
  cache: FileCache,
  options: LoadOptions,
): Promise<void> {
  const declared = options.backendConfig?.[dir.dir];
  const settings: Attribute[] = [];
  if (declared) {
    for (const entry of declared) {
      const eq = entry.indexOf('=');
      if (eq !== -1) {
        // `-backend-config=key=value`, as Terraform reads it: everything up to the first `=` is the name.
        const at = backend.block.typeRange;
        settings.push({
          file: backend.file,
          name: entry.slice(0, eq).trim(),
          nameRange: at,
          range: at,
          expr: { kind: 'literal', value: entry.slice(eq + 1), range: at },
        });
        continue;
      }
      const path = normalizeRepoPath(posix.join(dir.dir, entry));
      if (!listed.paths.has(path)) {
        backend.configUnresolved = `its backend-config file ${path} does not exist`;
        continue;
      }
      settings.push(...(await addConfigFile(backend, path, cache)));
    }
  } else {
    const found = (listed.byDir.get(dir.dir) ?? [])
      .filter((f) => BACKEND_FILE.test(f.path))
      .map((f) => f.path)
      .sort();
    if (found.length > 1) {
      backend.configUnresolved = `it has several backend-config files (${found.join(', ')}) and which one it is initialised with is not declared`;
    } else if (found[0] !== undefined) {
      settings.push(...(await addConfigFile(backend, found[0], cache)));
    }
  }
  for (const attribute of settings) backend.attributes.set(attribute.name, attribute);
}

async function addConfigFile(backend: BackendDecl, path: string, cache: FileCache): Promise<Attribute[]> {
  const file = await cache.parse(path);
  backend.configFiles.push(path);
  if (file.unparsed)
    backend.configUnresolved = `its backend-config file ${path} cannot be read: ${file.unparsed.message}`;
  return file.body.attributes;
}

/**
 * Where each local module directory really is: a module directory may be a symlink (into
 * another environment, say); Terraform reads the files behind it.
 */
async function resolveModuleDirs(
  fs: FileSystem,
  dirs: ReadonlyMap<string, TerraformDir>,
): Promise<Map<string, string>> {
  const wanted = new Set<string>();
  for (const dir of dirs.values())
    for (const call of dir.moduleCalls) if (call.localDir && !dirs.has(call.localDir)) wanted.add(call.localDir);
  const out = new Map<string, string>();
  await Promise.all(
    [...wanted].map(async (dir) => {
      if (!isWithin(dir, '.')) return;
      const real = await fs.realpath(dir).catch(() => undefined);
      if (real !== undefined && real !== dir) out.set(dir, real);
    }),
  );
  return out;
}

function modulesOfInstances(instances: readonly ModuleInstance[]): { dir: string; exists: boolean }[] {
  const seen = new Map<string, boolean>();
  for (const instance of instances) if (instance.address) seen.set(instance.dir, instance.exists);
  return [...seen].map(([dir, exists]) => ({ dir, exists })).sort((a, b) => (a.dir < b.dir ? -1 : 1));
}
