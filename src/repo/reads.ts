/**
 * The files a root reads: every file-read site (file(), templatefile(), archive sources, …)
 * of every module instance, resolved with that instance's values, and the symlinks inside
 * each instance's directory.
 */
import { posix } from 'node:path';
import { evaluate, forEachEntries, withEach } from '../hcl/index.js';
import { remembered } from '../lib/maps.js';
import { isWithin, normalizeRepoPath, type RepoFile } from './files.js';
import type { ModuleInstance } from './instances.js';
import type { FileReadSite, TerraformDir } from './terraform-dir.js';

export interface ResolvedRead {
  site: FileReadSite;
  instance: ModuleInstance;
  /** Repository-relative target (may start with `../` when outside the repository). */
  path?: string;
  /** Where `path` really is, when a symlink on the way makes it differ. */
  realPath?: string;
  directory: boolean;
  /** Why the path could not be resolved statically. */
  unresolved?: string;
}

type Symlink = RepoFile & { symlink: NonNullable<RepoFile['symlink']> };

export function isSymlink(file: RepoFile): file is Symlink {
  return Boolean(file.symlink);
}

/** Every read of the root's instances (in instance order), resolved in each instance's scope. */
export function readsOfInstances(
  instances: readonly ModuleInstance[],
  dirs: ReadonlyMap<string, TerraformDir>,
  symlinks: readonly Symlink[],
  absRoot: string,
): ResolvedRead[] {
  // The instances of one module in a root mostly resolve its reads to the same paths.
  const resolved = new Map<string, string>();
  const resolve = (path: string, root: string) =>
    remembered(resolved, `${root}\0${path}`, () => resolveFromRoot(path, root, absRoot));
  return instances.flatMap((instance) => {
    const model = dirs.get(instance.dir);
    if (!model) return [];
    return [
      ...model.fileReadSites.flatMap((site) => resolveReads(site, instance, absRoot, resolve)),
      ...symlinks
        .filter((file) => isWithin(file.path, instance.dir) && !isInOtherTerraformDir(file.path, instance.dir, dirs))
        .map((file) => symlinkRead(file, instance)),
    ];
  });
}

const zeroRange = { start: { line: 1, column: 1 }, end: { line: 1, column: 1 }, startOffset: 0, endOffset: 0 };

/** A symlink in a module's directory reads its target whenever Terraform reads the directory. */
function symlinkRead(file: Symlink, instance: ModuleInstance): ResolvedRead {
  return {
    site: {
      file: file.path,
      kind: 'function',
      via: 'symlink',
      pathExpr: { kind: 'literal', value: file.symlink.raw, range: zeroRange },
      directory: false,
      range: zeroRange,
    },
    instance,
    path: file.symlink.target,
    directory: false,
  };
}

/** A symlink belongs to the nearest Terraform directory above it, not to every ancestor. */
function isInOtherTerraformDir(path: string, dir: string, dirs: ReadonlyMap<string, TerraformDir>): boolean {
  let current = posix.dirname(path);
  while (current !== dir && current !== '.' && current !== '') {
    if (dirs.has(current)) return true;
    current = posix.dirname(current);
  }
  return false;
}

/** One read per `for_each` key of the resource the site is in (with `each` bound), else one. */
function resolveReads(
  site: FileReadSite,
  instance: ModuleInstance,
  absRoot: string,
  resolve: (path: string, root: string) => string,
): ResolvedRead[] {
  const entries = site.forEach ? forEachEntries(site.forEach, instance.scope) : undefined;
  if (!entries) return [resolveRead(site, instance, instance.root, absRoot, resolve)];
  return entries.map((entry) =>
    resolveRead(site, { ...instance, scope: withEach(instance.scope, entry) }, instance.root, absRoot, resolve),
  );
}

/**
 * Terraform resolves relative paths against the working directory (the root); `path.module`
 * evaluates to the module's path relative to it, so `${path.module}/x` lands in the module.
 */
export function resolveRead(
  site: FileReadSite,
  instance: ModuleInstance,
  root: string,
  absRoot: string,
  resolve: (path: string, root: string) => string = (path) => resolveFromRoot(path, root, absRoot),
): ResolvedRead {
  const value = evaluate(site.pathExpr, instance.scope);
  if (!value.known || typeof value.value !== 'string') {
    return {
      site,
      instance,
      directory: site.directory,
      unresolved: value.known ? 'path is not a string' : value.reason,
    };
  }
  return { site, instance, directory: site.directory, path: resolve(value.value, root) };
}

export function resolveFromRoot(path: string, root: string, absRoot: string): string {
  const posixAbsRoot = absRoot.split('\\').join('/');
  if (path.startsWith('/')) {
    return normalizeRepoPath(posix.relative(posixAbsRoot, path) || '.');
  }
  return normalizeRepoPath(posix.join(root, path));
}
