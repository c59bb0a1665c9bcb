/**
 * `foreign-identifier`: an identifier the config assigns to another environment, found in
 * one environment
 *   1. in a string of a `.tf` / `.tf.json` file under its directory — literals, template text,
 *      heredocs, strings inside interpolations — as Terraform reads it, escapes decoded
 *      (`phenom-\u0070rod`), reported where it is written (a file that does not parse is
 *      scanned as plain text);
 *   2. in any other text file under its directory (scripts, READMEs, tfvars, JSON, YAML);
 *   3. in a value that is only formed by evaluation — `"phenom-${var.env}"` with
 *      `env = "prod"` passed in from the root — reported where it forms, in the root or in
 *      the module the value is passed into.
 * Identifiers of a shared environment that names this one are not foreign. Exceptions are
 * the allow-list's business (the runner applies it to every rule's findings).
 */
import {
  decodedText,
  evaluate,
  LineIndex,
  walkAttributes,
  walkExpr,
  type Expr,
  type HclFile,
  type KnownValue,
  type Scope,
} from '../../hcl/index.js';
import { remembered } from '../../lib/maps.js';
import { megabytes, type ModuleInstance } from '../../repo/index.js';
import { finding, type EnvContext, type GuardContext } from '../context.js';
import {
  allowsIdentifier,
  IdentifierIndex,
  IdentifierMatcher,
  identifiersOf,
  type IdentifierMatch,
} from '../matcher.js';
import { isSensitiveExpr } from '../sensitivity.js';
import type { Finding } from '../types.js';

const BINARY_EXTENSIONS = new Set(
  'png jpg jpeg gif webp bmp tif tiff ico icns zip gz tgz bz2 xz zst 7z rar jar war pdf mp4 m4v mov avi wmv webm mpeg mpg mp3 wav ogg flac woff woff2 ttf otf eot so dylib dll exe bin class pyc wasm parquet sqlite db tfplan'.split(
    ' ',
  ),
);

/** NUL in the first 8000 characters: git's heuristic for binary content. */
function looksBinary(path: string, text?: string): boolean {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  if (path.includes('.') && BINARY_EXTENSIONS.has(ext)) return true;
  return text !== undefined && text.slice(0, 8000).includes('\u0000');
}

export async function checkForeignIdentifiers(ctx: GuardContext): Promise<Finding[]> {
  const identifiers = new IdentifierIndex(ctx.config.environments.flatMap(identifiersOf));
  const violations: Finding[] = [];
  for (const env of ctx.envs) {
    const scanner = new Scanner(ctx, env, new IdentifierMatcher(identifiers, ctx.readable(env)), violations);
    const configFiles = new Set<string>();
    for (const dir of ctx.repo.dirs.values()) {
      if (!env.owns(dir.dir)) continue;
      for (const file of dir.files) {
        configFiles.add(file.path);
        const broken = file.treeSitterError !== undefined || !(await file.validity()).ok;
        if (broken) scanner.scanText(file.path, file.text, (i) => i, file.lines);
        else scanner.scanHcl(file);
      }
    }
    for (const file of env.resolved.ownedIn(ctx.repo.files)) {
      if (file.symlink || configFiles.has(file.path) || looksBinary(file.path)) continue;
      const content = await ctx.repo.content(file.path);
      if (content.kind === 'too-large') {
        violations.push(
          finding(
            env.name,
            file.path,
            undefined,
            `not scanned for other environments' identifiers: ${megabytes(content.size)}, larger than the ${megabytes(content.limit)} limit (--max-file-size)`,
            `${file.path}|too-large`,
            'warning',
          ),
        );
        continue;
      }
      const text = content.text;
      if (looksBinary(file.path, text)) {
        ctx.logger.debug(`foreign-identifier: skipped binary file ${file.path}`);
        continue;
      }
      scanner.scanText(file.path, text, (i) => i, new LineIndex(text));
    }
    for (const root of env.roots) {
      for (const instance of await ctx.repo.instances(root.dir)) scanner.scanFormed(instance, root.dir);
    }
  }
  return violations;
}

/** A value an expression forms and the foreign identifiers only the value holds. */
interface Formed {
  text: string;
  matches: readonly IdentifierMatch[];
}

const NOTHING_FORMED: readonly Formed[] = [];

/** What an expression forms, by the value of each `path.*` name it reads in turn. */
interface FormedMemo {
  formed?: readonly Formed[];
  next?: Map<string | symbol, FormedMemo>;
}

const UNKNOWN_PATH = Symbol('unknown path');

class Scanner {
  constructor(
    private readonly ctx: GuardContext,
    private readonly env: EnvContext,
    private readonly matcher: IdentifierMatcher,
    private readonly out: Finding[],
  ) {}

  /** Per expression that reads only `path.*`, by their values: what it forms. */
  private readonly invariant = new Map<Expr, FormedMemo>();

  /** Every string piece of the file, decoded as Terraform reads it, reported where it is written. */
  scanHcl(file: HclFile): void {
    for (const expr of allExprs(file)) {
      const pieces = expr.kind === 'literal' ? [expr] : expr.kind === 'template' ? expr.parts : [];
      for (const piece of pieces) {
        if (piece.kind !== 'literal' && piece.kind !== 'text') continue;
        const text = piece.kind === 'literal' ? piece.value : piece.text;
        if (typeof text !== 'string') continue;
        // Most strings hold no identifier: where each unit is written is worked out for the others only.
        const matches = this.matcher.find(text);
        const decoded = matches.length > 0 ? decodedText(piece) : undefined;
        if (decoded) this.report(file.path, text, decoded.at, file.lines, matches);
      }
    }
  }

  /** `at(i)`: the offset in the file of the text's unit `i` (escapes make them differ). */
  scanText(path: string, text: string, at: (index: number) => number, lines: LineIndex): void {
    this.report(path, text, at, lines, this.matcher.find(text));
  }

  private report(
    path: string,
    text: string,
    at: (index: number) => number,
    lines: LineIndex,
    matches: readonly IdentifierMatch[],
  ): void {
    for (const match of matches) {
      const start = lines.position(at(match.index));
      const end = lines.position(at(match.index + match.length - 1) + 1);
      const token = tokenAround(text, match);
      this.out.push(
        finding(
          this.env.name,
          path,
          { start, end },
          `'${token}' contains ${describe(match)}, which must not appear in ${this.env.name}`,
          `${path}|${match.def.value.toLowerCase()}|${token}`,
        ),
      );
    }
  }

  /**
   * Values that only contain a foreign identifier once evaluated in this instance: the
   * identifier is in the result of a template or function call but in none of its parts.
   */
  scanFormed(instance: ModuleInstance, root: string): void {
    for (const file of this.ctx.repo.dirs.get(instance.dir)?.files ?? []) {
      for (const expr of formingExprs(file)) {
        for (const { text, matches } of this.formedIn(file, expr, instance.scope))
          this.reportFormed(file, expr, text, matches, instance, root);
      }
    }
  }

  /**
   * What `expr` forms in `scope`. An expression that reads nothing but `path.*` forms the same
   * wherever those are the same (every instance of a module called from one root): worked out
   * once per environment and those values.
   */
  private formedIn(file: HclFile, expr: Expr, scope: Scope): readonly Formed[] {
    const paths = scope.functions === undefined ? pathInputs(expr) : null;
    if (paths === null) return this.formedInScope(file, expr, scope);
    // One level per path name, keyed by its value: the strings come from the instance's paths, hashed once.
    let node = remembered(this.invariant, expr, (): FormedMemo => ({}));
    for (const name of paths) {
      const value = scope.path(name);
      node = remembered((node.next ??= new Map()), value.known ? String(value.value) : UNKNOWN_PATH, () => ({}));
    }
    node.formed ??= this.formedInScope(file, expr, scope);
    return node.formed;
  }

  private formedInScope(file: HclFile, expr: Expr, scope: Scope): readonly Formed[] {
    const value = evaluate(expr, scope);
    if (!value.known) return NOTHING_FORMED;
    // The parts are evaluated only for a value that holds an identifier (most hold none).
    let written: Set<IdentifierMatch['def']> | undefined;
    let out: Formed[] | undefined;
    for (const text of strings(value.value)) {
      const matches = this.matcher.find(text);
      if (matches.length === 0) continue;
      written ??= this.writtenInParts(file, childStrings(expr, scope));
      const formed = matches.filter((match) => !written?.has(match.def));
      if (formed.length > 0) (out ??= []).push({ text, matches: formed });
    }
    return out ?? NOTHING_FORMED;
  }

  /**
   * The identifiers the parts hold (each part scanned once): one found there is reported where
   * it is written, unless the allow-list allows it there (a value derived from an allowed
   * literal, its `trimsuffix`, … is new).
   */
  private writtenInParts(file: HclFile, children: readonly string[]): Set<IdentifierMatch['def']> {
    const { allowlist } = this.ctx.config;
    const written = new Set<IdentifierMatch['def']>();
    for (const text of children)
      for (const m of this.matcher.find(text))
        if (!allowsIdentifier(allowlist, this.ctx.now, { env: this.env.name, file: file.path, text, ...m }))
          written.add(m.def);
    return written;
  }

  private reportFormed(
    file: HclFile,
    expr: Expr,
    text: string,
    matches: readonly IdentifierMatch[],
    instance: ModuleInstance,
    root: string,
  ): void {
    const sensitive = isSensitiveExpr(expr, this.ctx.repo.dirs.get(instance.dir), this.ctx.repo.dirs);
    const shown = sensitive ? '(a sensitive value)' : text.length > 80 ? `${text.slice(0, 80)}…` : text;
    const where = instance.address ? `${instance.address} of ${root}` : root;
    for (const match of matches) {
      this.out.push({
        ...finding(
          this.env.name,
          file.path,
          expr.range,
          `this expression evaluates to '${shown}' in ${where}: it contains ${describe(match)}, which must not appear in ${this.env.name}`,
          `${file.path}|${match.def.value.toLowerCase()}|formed|${text}`,
        ),
        subject: text,
      });
    }
  }
}

const walked = new WeakMap<HclFile, Expr[]>();
const forming = new WeakMap<HclFile, Expr[]>();

/** Every expression of a file, nested ones included, walked once for both scans. */
function allExprs(file: HclFile): Expr[] {
  let exprs = walked.get(file);
  if (!exprs) {
    exprs = walkAttributes(file.body).flatMap(({ attribute }) => walkExpr(attribute.expr));
    walked.set(file, exprs);
  }
  return exprs;
}

/** The expressions of a file that form a value, found once per file (a module file is scanned per instance). */
function formingExprs(file: HclFile): Expr[] {
  let exprs = forming.get(file);
  if (!exprs) {
    exprs = allExprs(file).filter(formsValue);
    forming.set(file, exprs);
  }
  return exprs;
}

const reads = new WeakMap<Expr, readonly string[] | null>();

/**
 * The `path.*` names an expression reads when it reads nothing else (no variable, local,
 * `each`, `count` or resource), else null: its value then depends on those alone.
 */
function pathInputs(expr: Expr): readonly string[] | null {
  return remembered(reads, expr, () => {
    const found = new Set<string>();
    for (const e of walkExpr(expr)) {
      if (e.kind !== 'traversal') continue;
      const first = e.steps[0];
      // Only `path.NAME` is keyed by its value: anything else, `path[...]` included, is evaluated per instance.
      if (e.root !== 'path' || first?.kind !== 'attr') return null;
      found.add(first.name);
    }
    return [...found];
  });
}

/** A call, or a template with an interpolation or directive: its value exists only once evaluated. */
function formsValue(expr: Expr): boolean {
  return expr.kind === 'call' || (expr.kind === 'template' && expr.parts.some((p) => p.kind !== 'text'));
}

function describe(match: IdentifierMatch): string {
  return `${match.def.owner}'s ${match.def.kind} '${match.def.value}'`;
}

/** The whole word around a match (for messages and stable keys). */
function tokenAround(text: string, match: IdentifierMatch): string {
  const word = /[^\s"'`,;()[\]{}<>=|&]/;
  let start = match.index;
  let end = match.index + match.length;
  while (start > 0 && start > match.index - 60 && word.test(text[start - 1] ?? ' ')) start -= 1;
  while (end < text.length && end < match.index + match.length + 60 && word.test(text[end] ?? ' ')) end += 1;
  return text.slice(start, end);
}

function strings(value: KnownValue): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

/** String values of the direct parts of a template or the arguments of a call. */
function childStrings(expr: Expr, scope: Scope): string[] {
  const children: Expr[] = [];
  const out: string[] = [];
  if (expr.kind === 'template') {
    for (const part of expr.parts) {
      if (part.kind === 'text') out.push(part.text);
      else if (part.kind === 'interpolation') children.push(part.expr);
      else children.push(...part.exprs);
    }
  } else if (expr.kind === 'call') {
    children.push(...expr.args);
  }
  for (const child of children) {
    const value = evaluate(child, scope);
    if (value.known) out.push(...strings(value.value));
  }
  return out;
}
