/**
 * The repository model every tool shares: Terraform directories, roots (directories with a
 * backend), the local module graph (transitive, through module instances with their own
 * variable values), and the files each root reads. Each file is read and parsed once per
 * `Repository`.
 */
import { posix } from 'node:path';
import {
  createScope,
  evaluate,
  findAttribute,
  forEachEntries,
  parseHcl,
  unknown,
  withEach,
  type Expr,
  type HclFile,
  type Scope,
  type Value,
} from '../hcl/index.js';
import { isWithin, listFiles, normalizeRepoPath, type ListOptions, type RepoFile } from './files.js';
import type { FileSystem } from './fs.js';
import { buildTerraformDir, type FileReadSite, type ModuleCall, type TerraformDir } from './terraform-dir.js';

export interface ModuleInstance {
  /** Directory of this instance's module (repository-relative). */
  dir: string;
  /** The root this instance belongs to. */
  root: string;
  /** `module.a.module.b["key"]` style address; '' for the root itself. */
  address: string;
  /** The call that created it (undefined for the root). */
  call?: ModuleCall;
  /** The scope the call's arguments are evaluated in: the caller's, with `each` bound for a for_each instance. */
  callScope?: Scope;
  /** The for_each key of this instance, when the call has a for_each with known keys. */
  key?: string;
  /** Directory holding `call`. */
  callerDir?: string;
  parent?: ModuleInstance;
  /** Variables, locals and path.* of this instance. */
  scope: Scope;
  /** False when the called local directory has no .tf files (deleted or misspelt module). */
  exists: boolean;
}

export interface ResolvedRead {
  site: FileReadSite;
  instance: ModuleInstance;
  /** Repository-relative target (may start with `../` when outside the repository). */
  path?: string;
  directory: boolean;
  /** Why the path could not be resolved statically. */
  unresolved?: string;
}

export interface Repository {
  /** Absolute path of the repository root (the file system's `root`; for messages and `path.cwd`). */
  rootDir: string;
  files: RepoFile[];
  /** Every directory with .tf files, by repository-relative path. */
  dirs: Map<string, TerraformDir>;
  /** Directories with a backend (or cloud) block, sorted. */
  roots: TerraformDir[];
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

const TFVARS = /(^|\/)(terraform\.tfvars|[^/]*\.auto\.tfvars)$/;

/** The model of the repository `fs` holds; the shell passes the file system in (io/node-fs.ts). */
export async function loadRepository(fs: FileSystem, options: LoadOptions = {}): Promise<Repository> {
  const absRoot = fs.root;
  const files = await listFiles(fs, options);
  const texts = new Map<string, Promise<string>>();
  const parsed = new Map<string, Promise<HclFile>>();

  const readText = (path: string) => {
    let text = texts.get(path);
    if (!text) {
      text = fs.readText(path).then((t) => (t.charCodeAt(0) === 0xfeff ? t.slice(1) : t));
      texts.set(path, text);
    }
    return text;
  };
  const parse = (path: string) => {
    let file = parsed.get(path);
    if (!file) {
      file = readText(path).then((text) => parseHcl(path, text));
      parsed.set(path, file);
    }
    return file;
  };

  const byDir = new Map<string, string[]>();
  for (const file of files) {
    if (file.symlink || !file.path.endsWith('.tf')) continue;
    const dir = posix.dirname(file.path);
    const list = byDir.get(dir) ?? [];
    list.push(file.path);
    byDir.set(dir, list);
  }
  const dirs = new Map<string, TerraformDir>();
  await Promise.all(
    [...byDir].map(async ([dir, paths]) => {
      dirs.set(dir, buildTerraformDir(dir, await Promise.all(paths.map(parse))));
    }),
  );
  const sortedDirs = new Map([...dirs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const roots = [...sortedDirs.values()].filter((d) => d.backend);

  const instanceCache = new Map<string, Promise<ModuleInstance[]>>();

  async function rootVariables(dir: TerraformDir): Promise<Map<string, Value>> {
    const values = new Map<string, Value>();
    const tfvars = files
      .filter((f) => !f.symlink && posix.dirname(f.path) === dir.dir && TFVARS.test(f.path))
      .map((f) => f.path);
    // terraform.tfvars first, then *.auto.tfvars in lexical order (later wins), as Terraform does.
    tfvars.sort((a, b) =>
      a.endsWith('/terraform.tfvars') ? -1 : b.endsWith('/terraform.tfvars') ? 1 : a < b ? -1 : 1,
    );
    for (const path of tfvars) {
      const file = await parse(path);
      for (const attribute of file.body.attributes) values.set(attribute.name, evaluate(attribute.expr));
    }
    return values;
  }

  function localsOf(dir: TerraformDir): Map<string, Expr> {
    return new Map([...dir.locals].map(([name, decl]) => [name, decl.attribute.expr]));
  }

  function pathsFor(root: string, dir: string): Record<string, string> {
    return {
      module: posix.relative(root, dir) || '.',
      root: '.',
      cwd: posix.join(absRoot.split('\\').join('/'), root),
    };
  }

  async function computeInstances(rootName: string): Promise<ModuleInstance[]> {
    const rootDirModel = dirs.get(rootName);
    if (!rootDirModel) throw new Error(`${rootName} has no Terraform files`);
    const tfvars = await rootVariables(rootDirModel);
    const rootScope = createScope({
      variables: (name) => {
        const fromTfvars = tfvars.get(name);
        if (fromTfvars) return fromTfvars;
        const decl = rootDirModel.variables.get(name);
        if (!decl) return unknown(`var.${name} is not declared in ${rootName}`);
        return decl.default
          ? evaluate(decl.default.expr)
          : unknown(`var.${name} has no default and no tfvars value in ${rootName}`);
      },
      locals: localsOf(rootDirModel),
      paths: pathsFor(rootName, rootName),
    });
    const rootInstance: ModuleInstance = { dir: rootName, root: rootName, address: '', scope: rootScope, exists: true };
    const out: ModuleInstance[] = [rootInstance];
    const visit = (instance: ModuleInstance, chain: string[]) => {
      const model = dirs.get(instance.dir);
      if (!model) return;
      for (const call of model.moduleCalls) {
        if (!call.localDir) continue;
        const localDir = call.localDir;
        const target = dirs.get(localDir);
        const baseAddress = `${instance.address ? `${instance.address}.` : ''}module.${call.name}`;
        // A for_each with known keys makes one instance per key (each.key/each.value bound in
        // its arguments); unknown keys fall back to one instance in which `each` is unknown.
        const forEach = findAttribute(call.block.body, 'for_each');
        const entries = forEach ? forEachEntries(forEach.expr, instance.scope) : undefined;
        const variants = entries
          ? entries.map((entry) => ({
              key: entry.key as string | undefined,
              address: `${baseAddress}[${JSON.stringify(entry.key)}]`,
              callScope: withEach(instance.scope, entry),
            }))
          : [{ key: undefined, address: baseAddress, callScope: instance.scope }];
        for (const { key, address, callScope } of variants) {
          const scope: Scope = target
            ? createScope({
                variables: (name) => {
                  const arg = call.args.get(name);
                  if (arg) return evaluate(arg.expr, callScope);
                  const decl = target.variables.get(name);
                  if (!decl) return unknown(`var.${name} is not declared in ${target.dir}`);
                  return decl.default
                    ? evaluate(decl.default.expr)
                    : unknown(`var.${name} is not passed to ${address}`);
                },
                locals: localsOf(target),
                paths: pathsFor(rootName, localDir),
              })
            : createScope({ variables: (name) => unknown(`var.${name}: ${localDir} has no Terraform files`) });
          const child: ModuleInstance = {
            dir: localDir,
            root: rootName,
            address,
            call,
            callScope,
            ...(key === undefined ? {} : { key }),
            callerDir: instance.dir,
            parent: instance,
            scope,
            exists: Boolean(target),
          };
          out.push(child);
          if (target && !chain.includes(localDir)) visit(child, [...chain, localDir]);
        }
      }
    };
    visit(rootInstance, [rootName]);
    return out;
  }

  const instances = (root: string) => {
    let cached = instanceCache.get(root);
    if (!cached) {
      cached = computeInstances(root);
      instanceCache.set(root, cached);
    }
    return cached;
  };

  async function modulesOf(root: string) {
    const seen = new Map<string, boolean>();
    for (const instance of await instances(root)) if (instance.address) seen.set(instance.dir, instance.exists);
    return [...seen].map(([dir, exists]) => ({ dir, exists })).sort((a, b) => (a.dir < b.dir ? -1 : 1));
  }

  const symlinks = files.filter((f): f is RepoFile & { symlink: NonNullable<RepoFile['symlink']> } =>
    Boolean(f.symlink),
  );

  async function readsOf(root: string): Promise<ResolvedRead[]> {
    const reads: ResolvedRead[] = [];
    for (const instance of await instances(root)) {
      const model = dirs.get(instance.dir);
      if (!model) continue;
      for (const site of model.fileReadSites) reads.push(resolveRead(site, instance, root, absRoot));
      for (const file of symlinks) {
        if (isWithin(file.path, instance.dir) && !isInOtherTerraformDir(file.path, instance.dir, dirs)) {
          reads.push({
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
          });
        }
      }
    }
    return reads;
  }

  return { rootDir: absRoot, files, dirs: sortedDirs, roots, readText, parse, instances, modulesOf, readsOf };
}

const zeroRange = { start: { line: 1, column: 1 }, end: { line: 1, column: 1 }, startOffset: 0, endOffset: 0 };

/** A symlink belongs to the nearest Terraform directory above it, not to every ancestor. */
function isInOtherTerraformDir(path: string, dir: string, dirs: Map<string, TerraformDir>): boolean {
  let current = posix.dirname(path);
  while (current !== dir && current !== '.' && current !== '') {
    if (dirs.has(current)) return true;
    current = posix.dirname(current);
  }
  return false;
}

/**
 * Terraform resolves relative paths against the working directory (the root); `path.module`
 * evaluates to the module's path relative to it, so `${path.module}/x` lands in the module.
 */
export function resolveRead(site: FileReadSite, instance: ModuleInstance, root: string, absRoot: string): ResolvedRead {
  const value = evaluate(site.pathExpr, instance.scope);
  if (!value.known || typeof value.value !== 'string') {
    return {
      site,
      instance,
      directory: site.directory,
      unresolved: value.known ? 'path is not a string' : value.reason,
    };
  }
  return { site, instance, directory: site.directory, path: resolveFromRoot(value.value, root, absRoot) };
}

export function resolveFromRoot(path: string, root: string, absRoot: string): string {
  const posixAbsRoot = absRoot.split('\\').join('/');
  if (path.startsWith('/')) {
    return normalizeRepoPath(posix.relative(posixAbsRoot, path) || '.');
  }
  return normalizeRepoPath(posix.join(root, path));
}
