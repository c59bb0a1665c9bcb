/**
 * Module instances: a root and every module it calls, transitively, each with its own scope
 * (the variables its caller passes, its locals, `path.*`), one instance per `for_each` key
 * when the keys are known. This is what lets a rule see `"${var.env}-x"` with the value a
 * root passes down.
 */
import { posix } from 'node:path';
import {
  createScope,
  evaluate,
  findAttribute,
  forEachEntries,
  unknown,
  withEach,
  type Expr,
  type HclFile,
  type Scope,
  type Value,
} from '../hcl/index.js';
import { remembered } from '../lib/maps.js';
import type { RepoFile } from './files.js';
import type { ModuleCall, ResourceDecl, TerraformDir } from './terraform-dir.js';

export interface ModuleInstance {
  /** Directory of this instance's module (repository-relative), symlinks resolved: where its files are. */
  dir: string;
  /** The directory as the call names it, when a symlink makes it differ from `dir` (`path.module` is this one). */
  sourceDir?: string;
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

/** What instances are built from: every Terraform directory, and where the repository is. */
export interface InstanceSource {
  dirs: ReadonlyMap<string, TerraformDir>;
  /** Absolute repository root, for `path.cwd`. */
  absRoot: string;
  /** Where a module directory really is (symlinks resolved); identity when it is no symlink. */
  realDir?: (dir: string) => string;
}

const TFVARS = /(^|\/)(terraform\.tfvars(\.json)?|[^/]*\.auto\.tfvars(\.json)?)$/;

/** Terraform's order: terraform.tfvars, terraform.tfvars.json, then the *.auto.tfvars(.json) files by name. */
function tfvarsRank(path: string): string {
  const name = posix.basename(path);
  return name === 'terraform.tfvars' ? '0' : name === 'terraform.tfvars.json' ? '1' : `2${name}`;
}

/**
 * The values a root's tfvars files set, in both syntaxes and through symlinks: `terraform.tfvars`,
 * `terraform.tfvars.json`, then `*.auto.tfvars` / `*.auto.tfvars.json` in lexical order (later
 * wins), as Terraform reads them.
 */
export async function tfvarsValues(
  root: TerraformDir,
  files: readonly RepoFile[],
  parse: (path: string) => Promise<HclFile>,
): Promise<Map<string, Value>> {
  const paths = files
    .filter((f) => posix.dirname(f.path) === root.dir && TFVARS.test(f.path))
    .map((f) => f.path)
    .sort((a, b) => (tfvarsRank(a) < tfvarsRank(b) ? -1 : 1));
  const values = new Map<string, Value>();
  for (const path of paths) {
    for (const attribute of (await parse(path)).body.attributes) values.set(attribute.name, evaluate(attribute.expr));
  }
  return values;
}

/** The root and every module instance below it, depth first; a module already on the call chain is not entered again. */
export function moduleInstances(
  root: TerraformDir,
  tfvars: ReadonlyMap<string, Value>,
  source: InstanceSource,
): ModuleInstance[] {
  const rootInstance: ModuleInstance = {
    dir: root.dir,
    root: root.dir,
    address: '',
    scope: rootScope(root, tfvars, source.absRoot),
    exists: true,
  };
  const out: ModuleInstance[] = [rootInstance];
  const visit = (instance: ModuleInstance, chain: readonly string[]) => {
    for (const child of childInstances(instance, source)) {
      out.push(child);
      if (child.exists && !chain.includes(child.dir)) visit(child, [...chain, child.dir]);
    }
  };
  visit(rootInstance, [root.dir]);
  return out;
}

function rootScope(root: TerraformDir, tfvars: ReadonlyMap<string, Value>, absRoot: string): Scope {
  return createScope({
    variables: (name) => {
      const fromTfvars = tfvars.get(name);
      if (fromTfvars) return fromTfvars;
      const decl = root.variables.get(name);
      if (!decl) return unknown(`var.${name} is not declared in ${root.dir}`);
      return decl.default
        ? evaluate(decl.default.expr)
        : unknown(`var.${name} has no default and no tfvars value in ${root.dir}`);
    },
    locals: localsOf(root),
    paths: pathsFor(root.dir, root.dir, absRoot),
    resourceBody: resourceBodies(root),
  });
}

/** The instances the local module calls of `parent`'s module create. */
function childInstances(parent: ModuleInstance, source: InstanceSource): ModuleInstance[] {
  const calls = source.dirs.get(parent.dir)?.moduleCalls ?? [];
  return calls.flatMap((call) => (call.localDir ? callInstances(parent, call, call.localDir, source) : []));
}

function callInstances(
  parent: ModuleInstance,
  call: ModuleCall,
  localDir: string,
  source: InstanceSource,
): ModuleInstance[] {
  const realDir = source.realDir?.(localDir) ?? localDir;
  const target = source.dirs.get(realDir);
  const paths = callPaths(source, parent.root, localDir);
  return callVariants(parent, call).map(({ key, address, callScope }) => ({
    dir: realDir,
    ...(realDir === localDir ? {} : { sourceDir: localDir }),
    root: parent.root,
    address,
    call,
    callScope,
    ...(key === undefined ? {} : { key }),
    callerDir: parent.dir,
    parent,
    scope: target
      ? moduleScope(target, call, callScope, address, paths)
      : createScope({ variables: (name) => unknown(`var.${name}: ${realDir} has no Terraform files`) }),
    exists: Boolean(target),
  }));
}

/**
 * A `for_each` with known keys makes one instance per key (`each.key`/`each.value` bound in its
 * arguments); unknown keys fall back to one instance in which `each` is unknown.
 */
function callVariants(
  parent: ModuleInstance,
  call: ModuleCall,
): { key: string | undefined; address: string; callScope: Scope }[] {
  const address = `${parent.address ? `${parent.address}.` : ''}module.${call.name}`;
  const forEach = findAttribute(call.block.body, 'for_each');
  const entries = forEach ? forEachEntries(forEach.expr, parent.scope) : undefined;
  if (!entries) return [{ key: undefined, address, callScope: parent.scope }];
  return entries.map((entry) => ({
    key: entry.key,
    address: `${address}[${JSON.stringify(entry.key)}]`,
    callScope: withEach(parent.scope, entry),
  }));
}

/** A module's scope: an argument of the call, else the variable's default. */
function moduleScope(
  target: TerraformDir,
  call: ModuleCall,
  callScope: Scope,
  address: string,
  paths: Record<string, string>,
): Scope {
  return createScope({
    variables: (name) => {
      const arg = call.args.get(name);
      if (arg) return evaluate(arg.expr, callScope);
      const decl = target.variables.get(name);
      if (!decl) return unknown(`var.${name} is not declared in ${target.dir}`);
      return decl.default ? evaluate(decl.default.expr) : unknown(`var.${name} is not passed to ${address}`);
    },
    locals: localsOf(target),
    paths,
    resourceBody: resourceBodies(target),
  });
}

// A module's resources and locals are the same for each of its instances: indexed once per directory.
const bodies = new WeakMap<TerraformDir, NonNullable<Scope['resourceBody']>>();
const locals = new WeakMap<TerraformDir, ReadonlyMap<string, Expr>>();

function resourceBodies(dir: TerraformDir): NonNullable<Scope['resourceBody']> {
  return remembered(bodies, dir, () => {
    const byAddress = new Map<string, ResourceDecl>();
    for (const r of dir.resources) {
      const address = `${r.mode}\0${r.type}\0${r.name}`;
      if (!byAddress.has(address)) byAddress.set(address, r);
    }
    return (mode, type, name) => byAddress.get(`${mode}\0${type}\0${name}`)?.block.body;
  });
}

function localsOf(dir: TerraformDir): ReadonlyMap<string, Expr> {
  return remembered(locals, dir, () => new Map([...dir.locals].map(([name, decl]) => [name, decl.attribute.expr])));
}

const pathsOfCalls = new WeakMap<InstanceSource, Map<string, Record<string, string>>>();

/** The `path.*` of a module called from a root: the same for every instance of one directory there. */
function callPaths(source: InstanceSource, root: string, dir: string): Record<string, string> {
  const byDir = remembered(pathsOfCalls, source, () => new Map<string, Record<string, string>>());
  return remembered(byDir, `${root}\0${dir}`, () => pathsFor(root, dir, source.absRoot));
}

/** `path.module` is relative to the root (Terraform's working directory), `path.root` is `.`. */
function pathsFor(root: string, dir: string, absRoot: string): Record<string, string> {
  return {
    module: posix.relative(root, dir) || '.',
    root: '.',
    cwd: posix.join(absRoot.split('\\').join('/'), root),
  };
}
