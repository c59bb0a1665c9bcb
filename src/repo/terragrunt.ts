/**
 * Terragrunt units in the repository model. A `terragrunt.hcl` that no other one includes is
 * a unit: one root, run by Terragrunt with its own state. It is parsed through src/hcl like
 * every file and evaluated statically with Terragrunt's functions (`find_in_parent_folders`,
 * `get_terragrunt_dir`, `path_relative_to_include`, `read_terragrunt_config`, `get_env` with
 * a default, …) and what its `include`s expose, then contributed to the model as what the
 * rules already understand:
 *
 * - the unit is a root (a Terraform directory) whose backend is its `remote_state` — or the
 *   backend of a `generate` block's contents — written in the unit or in a file it includes;
 * - its `terraform { source }` is a module call with its merged `inputs` as arguments, so the
 *   module graph, path checks and `infra affected` see the module it runs;
 * - every file it includes or reads (`include`, `read_terragrunt_config`) is a read of that
 *   file (path-escape, affected);
 * - its `dependency` / `dependencies` blocks are edges to the units whose outputs (state) it
 *   reads (remote-state-cross-env, affected).
 *
 * What cannot be known statically (`get_env` without a default, `run_cmd`, a dependency's
 * outputs) stays unknown with a reason, as elsewhere in the model.
 */
import { posix } from 'node:path';
import {
  createScope,
  evaluate,
  findAttribute,
  findBlocks,
  known,
  parseHcl,
  unknown,
  walkAttributes,
  walkExpr,
  type Attribute,
  type Block,
  type Expr,
  type HclFile,
  type KnownValue,
  type Range,
  type Scope,
  type Value,
} from '../hcl/index.js';
import { normalizeRepoPath, type RepoFile } from './files.js';
import { resolveFromRoot } from './reads.js';
import {
  emptyTerraformDir,
  type BackendDecl,
  type FileReadSite,
  type ModuleCall,
  type TerraformDir,
} from './terraform-dir.js';

export const UNIT_FILE = 'terragrunt.hcl';

/** A file a unit includes or reads, where the reference is written. */
export interface UnitRead {
  site: FileReadSite;
  /** Repository-relative target (`../…` when outside the repository); undefined when not known. */
  path?: string;
  unresolved?: string;
}

export interface UnitDependency {
  /** `dependency "<name>"`, or `dependencies` for an entry of `dependencies { paths }`. */
  name: string;
  /** The unit directory it reads the outputs (state) of, repository-relative; undefined when not known. */
  dir?: string;
  unresolved?: string;
  file: string;
  range: Range;
}

export interface TerragruntUnit {
  dir: string;
  /** `<dir>/terragrunt.hcl`. */
  file: string;
  reads: UnitRead[];
  dependencies: UnitDependency[];
  /** The Terraform directory the unit is in the model: its root, with backend and module call. */
  terraformDir: TerraformDir;
}

/** What the loader gives: every listed file, the parser (cached), where the repository is. */
export interface TerragruntSource {
  files: readonly RepoFile[];
  parse(path: string): Promise<HclFile>;
  absRoot: string;
  /** The Terraform directories already built from `.tf` files. */
  dirs: ReadonlyMap<string, TerraformDir>;
}

const MAX_READ_DEPTH = 8;

/** Every Terragrunt unit of the repository (none when it has no terragrunt.hcl). */
export async function terragruntUnits(source: TerragruntSource): Promise<TerragruntUnit[]> {
  const unitFiles = source.files.filter((f) => !f.symlink && posix.basename(f.path) === UNIT_FILE);
  if (unitFiles.length === 0) return [];
  // Every Terragrunt configuration file, parsed up front: evaluation is synchronous.
  const hclPaths = source.files.filter((f) => !f.symlink && /\.hcl$/.test(f.path) && !/\.lock\.hcl$/.test(f.path));
  const parsed = new Map(await Promise.all(hclPaths.map(async (f) => [f.path, await source.parse(f.path)] as const)));
  const env: Env = { parsed, paths: new Set(source.files.map((f) => f.path)), absRoot: source.absRoot };
  const configs = unitFiles.flatMap((f) => {
    const file = parsed.get(f.path);
    return file ? [{ dir: posix.dirname(f.path), file }] : [];
  });
  // A terragrunt.hcl that another one includes is a parent configuration, not a unit.
  const included = new Set(configs.flatMap((c) => includesOf(env, c.dir, c.file).flatMap((i) => i.path ?? [])));
  return Promise.all(
    configs.filter((c) => !included.has(c.file.path)).map((c) => buildUnit(env, c.dir, c.file, source.dirs)),
  );
}

interface Env {
  parsed: ReadonlyMap<string, HclFile>;
  paths: ReadonlySet<string>;
  absRoot: string;
}

interface Include {
  label: string;
  block: Block;
  pathAttribute?: Attribute;
  path?: string;
  unresolved?: string;
  expose: boolean;
}

/** The context an expression of `file` is evaluated in, for the unit at `unitDir`. */
interface Context {
  env: Env;
  unitDir: string;
  file: HclFile;
  /** Directory of the include file being evaluated, or of the unit's first include. */
  includeDir?: string;
  /** What `include.<label>` exposes. */
  exposed?: Record<string, KnownValue>;
  depth: number;
}

const abs = (env: Env, path: string) => (path === '.' ? env.absRoot : posix.join(env.absRoot, path));

/** A path written in a Terragrunt file: absolute, or relative to `base` (repository-relative result). */
function resolvePath(env: Env, value: string, base: string): string {
  return resolveFromRoot(value, base, env.absRoot);
}

function scopeOf(ctx: Context): Scope {
  const { env, unitDir } = ctx;
  const str = (v: KnownValue | undefined) => (typeof v === 'string' ? v : undefined);
  const relativeTo = (from: string, to: string) => posix.relative(from, to) || '.';
  const functions: Record<string, (args: KnownValue[]) => Value> = {
    find_in_parent_folders: (args) => {
      const name = str(args[0]) ?? UNIT_FILE;
      for (let dir = posix.dirname(unitDir); ; dir = posix.dirname(dir)) {
        const candidate = normalizeRepoPath(dir === '.' ? name : `${dir}/${name}`);
        if (env.paths.has(candidate)) return known(abs(env, candidate));
        if (dir === '.' || dir === '' || dir === '/') break;
      }
      return args[1] !== undefined
        ? known(args[1])
        : unknown(`find_in_parent_folders("${name}") finds no ${name} above ${unitDir}`);
    },
    get_terragrunt_dir: () => known(abs(env, unitDir)),
    get_original_terragrunt_dir: () => known(abs(env, unitDir)),
    get_parent_terragrunt_dir: () => known(abs(env, ctx.includeDir ?? unitDir)),
    get_repo_root: () => known(env.absRoot),
    get_path_from_repo_root: () => known(unitDir),
    get_path_to_repo_root: () => known(relativeTo(unitDir, '.')),
    path_relative_to_include: () => known(ctx.includeDir === undefined ? '.' : relativeTo(ctx.includeDir, unitDir)),
    path_relative_from_include: () => known(ctx.includeDir === undefined ? '.' : relativeTo(unitDir, ctx.includeDir)),
    get_env: (args) =>
      args[1] !== undefined ? known(args[1]) : unknown(`get_env("${str(args[0]) ?? '?'}") is only known at run time`),
    read_terragrunt_config: (args) => {
      const path = str(args[0]);
      if (path === undefined) return unknown('read_terragrunt_config of a non-string');
      const target = resolvePath(env, path, unitDir);
      const file = env.parsed.get(target);
      if (!file)
        return args[1] !== undefined
          ? known(args[1])
          : unknown(`read_terragrunt_config: ${target} is not in the repository`);
      if (ctx.depth >= MAX_READ_DEPTH) return unknown('read_terragrunt_config nests too deeply (a cycle?)');
      // The file read is a configuration of its own: its functions are relative to it.
      return known(exportsOf({ env, unitDir: posix.dirname(target), file, depth: ctx.depth + 1 }));
    },
  };
  return createScope({
    variables: (name) => unknown(`var.${name} has no value in a Terragrunt configuration`),
    locals: new Map(localsOf(ctx.file).map((a) => [a.name, a.expr] as const)),
    functions,
    root: (name) => (name === 'include' && ctx.exposed ? known(ctx.exposed) : undefined),
  });
}

function localsOf(file: HclFile): Attribute[] {
  return findBlocks(file.body, 'locals').flatMap((b) => b.body.attributes);
}

/** What `read_terragrunt_config` and `include … expose` give: the file's known locals and inputs. */
function exportsOf(ctx: Context): Record<string, KnownValue> {
  const scope = scopeOf(ctx);
  const locals: Record<string, KnownValue> = {};
  for (const attribute of localsOf(ctx.file)) {
    const value = scope.local(attribute.name);
    if (value.known) locals[attribute.name] = value.value;
  }
  const inputs = inputsOf(ctx, scope);
  return {
    locals,
    inputs: Object.fromEntries([...inputs].flatMap(([k, v]) => (v.value.known ? [[k, v.value.value]] : []))),
  };
}

/** An input of a unit: its value, and where it is written (an item of `inputs = { … }`, or the whole attribute). */
interface Input {
  value: Value;
  expr: Expr;
  file: string;
}

function inputsOf(ctx: Context, scope = scopeOf(ctx)): Map<string, Input> {
  const attribute = findAttribute(ctx.file.body, 'inputs');
  const out = new Map<string, Input>();
  if (!attribute) return out;
  const file = ctx.file.path;
  if (attribute.expr.kind === 'object') {
    for (const item of attribute.expr.items) {
      const key = evaluate(item.key, scope);
      if (key.known && typeof key.value === 'string')
        out.set(key.value, { value: evaluate(item.value, scope), expr: item.value, file });
    }
    return out;
  }
  const value = evaluate(attribute.expr, scope);
  if (value.known && value.value !== null && typeof value.value === 'object' && !Array.isArray(value.value))
    for (const [k, v] of Object.entries(value.value)) out.set(k, { value: known(v), expr: attribute.expr, file });
  return out;
}

function includesOf(env: Env, unitDir: string, file: HclFile): Include[] {
  const scope = scopeOf({ env, unitDir, file, depth: 0 });
  return findBlocks(file.body, 'include').map((block) => {
    const pathAttribute = findAttribute(block.body, 'path');
    const exposeAttribute = findAttribute(block.body, 'expose');
    const expose = exposeAttribute ? evaluate(exposeAttribute.expr, scope) : known(false);
    const base: Include = {
      label: block.labels[0] ?? '',
      block,
      ...(pathAttribute ? { pathAttribute } : {}),
      expose: expose.known && expose.value === true,
    };
    if (!pathAttribute) return { ...base, unresolved: "'path' is not set" };
    const value = evaluate(pathAttribute.expr, scope);
    if (!value.known || typeof value.value !== 'string')
      return { ...base, unresolved: value.known ? "'path' is not a string" : value.reason };
    return { ...base, path: resolvePath(env, value.value, unitDir) };
  });
}

/** A known value as an expression (for the synthesized backend and module arguments). */
function exprOf(value: Value, range: Range, fallback?: Expr): Expr {
  if (!value.known) return fallback ?? { kind: 'other', text: value.reason, children: [], range };
  const build = (v: KnownValue): Expr => {
    if (v === null || typeof v !== 'object') return { kind: 'literal', value: v, range };
    if (Array.isArray(v)) return { kind: 'tuple', items: v.map(build), range };
    return {
      kind: 'object',
      items: Object.entries(v).map(([k, item]) => ({
        key: { kind: 'literal', value: k, range },
        value: build(item),
        range,
      })),
      range,
    };
  };
  return build(value.value);
}

function attributeOf(file: string, name: string, value: Value, range: Range): Attribute {
  return { file, name, expr: exprOf(value, range), range, nameRange: range };
}

async function buildUnit(
  env: Env,
  dir: string,
  file: HclFile,
  dirs: ReadonlyMap<string, TerraformDir>,
): Promise<TerragruntUnit> {
  const includes = includesOf(env, dir, file);
  const firstInclude = includes.find((i) => i.path !== undefined);
  const unitCtxBase = { env, unitDir: dir, file, depth: 0 } as const;
  // What the includes expose, evaluated for this unit.
  const includeCtx = (inc: Include): Context | undefined => {
    const incFile = inc.path ? env.parsed.get(inc.path) : undefined;
    return incFile && inc.path
      ? { env, unitDir: dir, file: incFile, includeDir: posix.dirname(inc.path), depth: 0 }
      : undefined;
  };
  const exposed: Record<string, KnownValue> = {};
  for (const inc of includes) {
    const ctx = includeCtx(inc);
    if (!ctx || !inc.expose) continue;
    const exports = exportsOf(ctx);
    if (inc.label) exposed[inc.label] = exports;
    else Object.assign(exposed, exports);
  }
  const unitCtx: Context = {
    ...unitCtxBase,
    ...(firstInclude?.path ? { includeDir: posix.dirname(firstInclude.path) } : {}),
    exposed,
  };
  // The unit's own file first: a child's settings win over its parents'.
  const contexts: { ctx: Context; inherited?: Include }[] = [
    { ctx: unitCtx },
    ...includes.flatMap((inc) => {
      const ctx = includeCtx(inc);
      return ctx ? [{ ctx: { ...ctx, exposed }, inherited: inc }] : [];
    }),
  ];

  const reads: UnitRead[] = [];
  for (const inc of includes) {
    const range = inc.pathAttribute?.range ?? inc.block.typeRange;
    reads.push({
      site: siteOf(file.path, `include "${inc.label}"`, inc.pathAttribute?.expr, range),
      ...(inc.path !== undefined ? { path: inc.path } : { unresolved: inc.unresolved ?? 'unknown' }),
    });
  }
  for (const { ctx } of contexts) reads.push(...configReads(ctx));

  const backend = await backendOf(contexts, file);
  const dependencies = contexts.flatMap(({ ctx, inherited }) => dependenciesOf(ctx, file, inherited));
  const terraformDir = unitTerraformDir(dir, file, dirs.get(dir), contexts, backend);
  return { dir, file: file.path, reads, dependencies: uniqueDependencies(dependencies), terraformDir };
}

function siteOf(file: string, via: string, pathExpr: Expr | undefined, range: Range): FileReadSite {
  return {
    file,
    kind: via.startsWith('include') ? 'resource-source' : 'function',
    via,
    pathExpr: pathExpr ?? { kind: 'literal', value: null, range },
    directory: false,
    range,
  };
}

/** `read_terragrunt_config(…)` calls of a file, the files they read (and what those read in turn). */
function configReads(ctx: Context, seen = new Set<string>()): UnitRead[] {
  if (seen.has(ctx.file.path) || ctx.depth > MAX_READ_DEPTH) return [];
  seen.add(ctx.file.path);
  const scope = scopeOf(ctx);
  const out: UnitRead[] = [];
  for (const { attribute } of walkAttributes(ctx.file.body)) {
    for (const expr of walkExpr(attribute.expr)) {
      if (expr.kind !== 'call' || expr.name !== 'read_terragrunt_config' || !expr.args[0]) continue;
      const value = evaluate(expr.args[0], scope);
      const site = siteOf(ctx.file.path, 'read_terragrunt_config', expr.args[0], expr.range);
      if (!value.known || typeof value.value !== 'string') {
        out.push({ site, unresolved: value.known ? 'path is not a string' : value.reason });
        continue;
      }
      const path = resolvePath(ctx.env, value.value, ctx.unitDir);
      out.push({ site, path });
      const target = ctx.env.parsed.get(path);
      if (target)
        out.push(
          ...configReads({ env: ctx.env, unitDir: posix.dirname(path), file: target, depth: ctx.depth + 1 }, seen),
        );
    }
  }
  return out;
}

/** The unit's backend: `remote_state`, else a generated file's `terraform { backend }`, the unit's own first. */
async function backendOf(
  contexts: { ctx: Context; inherited?: Include }[],
  unitFile: HclFile,
): Promise<BackendDecl | undefined> {
  for (const { ctx, inherited } of contexts) {
    const scope = scopeOf(ctx);
    // Inherited settings are reported at the include that brings them into the unit.
    const at = (range: Range) => (inherited ? (inherited.pathAttribute?.range ?? inherited.block.typeRange) : range);
    const file = inherited ? unitFile.path : ctx.file.path;
    const remote = findBlocks(ctx.file.body, 'remote_state')[0];
    if (remote) {
      const typeAttr = findAttribute(remote.body, 'backend');
      const type = typeAttr ? evaluate(typeAttr.expr, scope) : unknown("'backend' is not set");
      const config = findAttribute(remote.body, 'config');
      const attributes: Attribute[] = [];
      if (config?.expr.kind === 'object') {
        for (const item of config.expr.items) {
          const key = evaluate(item.key, scope);
          if (key.known && typeof key.value === 'string')
            attributes.push(attributeOf(file, key.value, evaluate(item.value, scope), at(item.range)));
        }
      } else if (config) {
        const value = evaluate(config.expr, scope);
        if (value.known && value.value !== null && typeof value.value === 'object' && !Array.isArray(value.value))
          for (const [k, v] of Object.entries(value.value))
            attributes.push(attributeOf(file, k, known(v), at(config.range)));
      }
      return backendDecl(
        type.known && typeof type.value === 'string' ? type.value : 'unknown',
        attributes,
        file,
        at(remote.typeRange),
      );
    }
    for (const generate of findBlocks(ctx.file.body, 'generate')) {
      const contents = findAttribute(generate.body, 'contents');
      const value = contents ? evaluate(contents.expr, scope) : undefined;
      if (!value?.known || typeof value.value !== 'string') continue;
      const generated = await generatedBackend(value.value, `${ctx.unitDir}/${generate.labels[0] ?? 'generated'}.tf`);
      if (generated)
        return backendDecl(
          generated.type,
          generated.attributes.map((a) => ({
            ...a,
            file,
            range: at(generate.typeRange),
            nameRange: at(generate.typeRange),
          })),
          file,
          at(generate.typeRange),
        );
    }
  }
  return undefined;
}

/** The `terraform { backend "…" { … } }` of a generated file's text (parsed like every file), its settings evaluated. */
async function generatedBackend(
  text: string,
  path: string,
): Promise<{ type: string; attributes: Attribute[] } | undefined> {
  if (!/\bbackend\s+"/.test(text)) return undefined;
  const file = await parseHcl(path, text);
  for (const block of findBlocks(file.body, 'terraform'))
    for (const inner of block.body.blocks)
      if (inner.type === 'backend')
        return {
          type: inner.labels[0] ?? 'unknown',
          attributes: inner.body.attributes.map((a) => attributeOf(path, a.name, evaluate(a.expr), a.range)),
        };
  return undefined;
}

function backendDecl(type: string, attributes: Attribute[], file: string, range: Range): BackendDecl {
  const block: Block = {
    file,
    type: 'backend',
    labels: [type],
    labelRanges: [range],
    body: { attributes, blocks: [] },
    range,
    typeRange: range,
  };
  return { type, block, file, attributes: new Map(attributes.map((a) => [a.name, a] as const)), configFiles: [] };
}

function dependenciesOf(ctx: Context, unitFile: HclFile, inherited: Include | undefined): UnitDependency[] {
  const scope = scopeOf(ctx);
  const file = inherited ? unitFile.path : ctx.file.path;
  const at = (range: Range) => (inherited ? (inherited.pathAttribute?.range ?? inherited.block.typeRange) : range);
  const target = (value: Value): { dir?: string; unresolved?: string } =>
    value.known && typeof value.value === 'string'
      ? { dir: resolvePath(ctx.env, value.value, ctx.unitDir) }
      : { unresolved: value.known ? 'config_path is not a string' : value.reason };
  const out: UnitDependency[] = [];
  for (const block of findBlocks(ctx.file.body, 'dependency')) {
    const configPath = findAttribute(block.body, 'config_path');
    const value = configPath ? evaluate(configPath.expr, scope) : unknown("'config_path' is not set");
    out.push({
      name: `dependency "${block.labels[0] ?? '?'}"`,
      ...target(value),
      file,
      range: at(configPath?.range ?? block.typeRange),
    });
  }
  for (const block of findBlocks(ctx.file.body, 'dependencies')) {
    const paths = findAttribute(block.body, 'paths');
    if (!paths) continue;
    const items = paths.expr.kind === 'tuple' ? paths.expr.items : [paths.expr];
    for (const item of items) {
      const value = evaluate(item, scope);
      if (value.known && Array.isArray(value.value)) {
        for (const v of value.value)
          out.push({ name: 'dependencies', ...target(known(v)), file, range: at(item.range) });
      } else {
        out.push({ name: 'dependencies', ...target(value), file, range: at(item.range) });
      }
    }
  }
  return out;
}

function uniqueDependencies(deps: UnitDependency[]): UnitDependency[] {
  const seen = new Set<string>();
  return deps.filter((d) => {
    const id = `${d.name}\0${d.dir ?? d.unresolved ?? ''}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/**
 * The unit as a Terraform directory: its terragrunt.hcl among its files (so every rule reads
 * it), its backend, and its `terraform { source }` as a module call with the merged inputs.
 */
function unitTerraformDir(
  dir: string,
  file: HclFile,
  existing: TerraformDir | undefined,
  contexts: { ctx: Context; inherited?: Include }[],
  backend: BackendDecl | undefined,
): TerraformDir {
  const base: TerraformDir = existing
    ? { ...existing, files: [...existing.files, file], moduleCalls: [...existing.moduleCalls] }
    : emptyTerraformDir(dir, [file]);
  if (backend && !base.backend) base.backend = backend;
  // Inputs: parents first, the unit's own last (a child's input wins).
  const inputs = new Map<string, Input>();
  for (const { ctx } of [...contexts].reverse()) for (const [k, v] of inputsOf(ctx)) inputs.set(k, v);
  for (const { ctx, inherited } of contexts) {
    const terraform = findBlocks(ctx.file.body, 'terraform')[0];
    const sourceAttribute = terraform ? findAttribute(terraform.body, 'source') : undefined;
    if (!terraform || !sourceAttribute) continue;
    const value = evaluate(sourceAttribute.expr, scopeOf(ctx));
    const range = inherited ? (inherited.pathAttribute?.range ?? inherited.block.typeRange) : sourceAttribute.range;
    const source = value.known && typeof value.value === 'string' ? value.value : undefined;
    const local = source !== undefined ? localSource(ctx.env, source, ctx.unitDir) : undefined;
    // An input written in the unit keeps its own expression and place; an inherited one is its value, at the include.
    const args = new Map(
      [...inputs].map(([name, input]) => {
        const own = input.file === file.path;
        const at = own ? input.expr.range : range;
        const expr = exprOf(input.value, at, own ? input.expr : undefined);
        return [name, { file: file.path, name, expr, range: at, nameRange: at } satisfies Attribute] as const;
      }),
    );
    const call: ModuleCall = {
      name: 'terragrunt_source',
      block: {
        file: inherited ? file.path : ctx.file.path,
        type: 'module',
        labels: ['terragrunt_source'],
        labelRanges: [range],
        body: { attributes: [], blocks: [] },
        range,
        typeRange: range,
      },
      file: inherited ? file.path : ctx.file.path,
      args,
      ...(source !== undefined ? { source } : {}),
      sourceAttribute: { ...sourceAttribute, range },
      ...(local !== undefined && local !== dir ? { localDir: local } : {}),
    };
    base.moduleCalls.push(call);
    break;
  }
  return base;
}

/** A local `terraform.source` (relative, absolute, `//` subdirectory) as a repository path. */
function localSource(env: Env, source: string, unitDir: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*::/i.test(source) || /^[a-z][a-z0-9+.-]*:\/\//i.test(source)) return undefined;
  const path = source.replace(/\?.*$/, '');
  const local =
    path.startsWith('/') || path.startsWith('./') || path.startsWith('../') || path === '.' || path === '..';
  if (!local) return undefined;
  return normalizeRepoPath(resolvePath(env, path.replace(/(?<!:)\/\//g, '/'), unitDir));
}
