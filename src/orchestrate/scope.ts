/**
 * Which Terraform directories `affected` has to load for a change, decided from the text of the
 * configuration files without parsing them: the roots the changed paths can reach and the
 * modules those roots use. Every answer is a superset of the directories the full computation
 * would find affected, so loading only these and computing exactly on them gives the same answer
 * (src/orchestrate/affected.test.ts compares both):
 *   - a module call's `source` is a constant, so every real call is among the quoted strings of
 *     the caller that are local paths (`./…`, `../…`) or name this repository by URL; a
 *     directory with a `source` that is not one plain string (a template, an expression) has its
 *     calls read from its parsed configuration instead;
 *   - a file read site names a function or an attribute (file(), templatefile(), `filename`,
 *     `source_dir`, …); its path is known from the text only when it is one string of plain
 *     text after `${path.module}` (or relative, read from each root's directory), otherwise the
 *     directory may read anything;
 *   - a root has a `backend` or `cloud` block, so a directory without either word is no root.
 * What the text cannot decide falls back to loading everything: symlinks, Terragrunt units, a
 * change under an all-roots glob, a configuration file that is too large or binary.
 */
import { posix } from 'node:path';
import { anyGlobMatcher } from '../lib/glob.js';
import {
  CONFIG_FILE,
  createFileCache,
  DEFAULT_MAX_FILE_BYTES,
  isWithin,
  listFiles,
  loadRepository,
  normalizeRepoPath,
  type FileSystem,
  type LoadOptions,
  type RepoFile,
  type Repository,
} from '../repo/index.js';
import { preloadTreeSitter } from '../hcl/tree-sitter.js';
import { repositorySubdir } from '../repo/sources.js';
import { UNIT_FILE } from '../repo/terragrunt.js';
import { FILE_FUNCTIONS, isLocalSource } from '../repo/terraform-dir.js';
import { touchedPaths, type FileChange } from './changes.js';
import { affectedRootsOf, type AffectedRoot, type AffectRules } from './affected.js';
import { rootNames } from './graph.js';
import { push } from '../lib/maps.js';

export interface ScopeInput {
  /** The repository's listing (Repository.files). */
  files: readonly RepoFile[];
  /** The text of a `.tf` / `.tf.json` file, or undefined when it is not read (too large). */
  text(path: string): string | undefined;
  changes: readonly FileChange[];
  rules: AffectRules;
  /** This repository's URLs (LoadOptions.repositoryUrls): a git source naming one is a local call. */
  repositoryUrls?: readonly string[];
  /** The local module calls of directories whose text cannot say them (see `unclear`), from the parser. */
  parsedCalls?: ReadonlyMap<string, readonly string[]>;
}

export type Scope =
  | { kind: 'all'; reason: string }
  | {
      kind: 'some';
      /** The Terraform directories to load: the candidate roots and every module they may use. */
      load: Set<string>;
      /** Every directory with configuration files (ownership of changed paths). */
      terraformDirs: Set<string>;
      /** The directories whose text names a backend or cloud block: every root is among them. */
      mayBeRoots: Set<string>;
    };

/** The scope, or the directories whose module calls must be parsed before it can be decided. */
export type ScopeStep = Scope | { kind: 'parse'; dirs: Set<string> };

const STRING = /"((?:[^"\\\n]|\\.)*)"/g;
const READ_SITE = new RegExp(
  `\\b(?:(${[...FILE_FUNCTIONS].join('|')})\\s*\\(|(source|filename|source_dir|source_file)"?\\s*[=:])`,
  'g',
);
const ROOT_WORD = /\b(?:backend|cloud)\b/;

/** What one directory's text says: the local paths it may call, and what it may read. */
interface DirFacts {
  calls: Set<string>;
  /** Paths read relative to the module's own directory. */
  moduleReads: string[];
  /** Paths read relative to the root's directory (Terraform's working directory), with their last name. */
  rootReads: { path: string; name: string }[];
  /** A read whose path the text does not give: the directory may read anything. */
  readsAnything: boolean;
  /** A `source` that is not one plain string (a template, a function): its calls are parsed. */
  unclear: boolean;
  mayBeRoot: boolean;
}

/** A string literal's value (HCL escapes are JSON's), or undefined when it does not decode. */
function unquote(raw: string): string | undefined {
  if (!raw.includes('\\')) return raw;
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return undefined;
  }
}

/**
 * `normalizeRepoPath(posix.join(dir, path))` for a normalised `dir`, in one pass without node:path's
 * argument checks: every call and read of every directory goes through it.
 */
export function joinRepoPath(dir: string, path: string): string {
  let out = dir === '.' ? '' : dir;
  for (let start = 0; start <= path.length;) {
    let end = path.indexOf('/', start);
    if (end === -1) end = path.length;
    const length = end - start;
    const dot = path.charCodeAt(start) === 46;
    if (length === 0 || (length === 1 && dot)) {
      // `a//b`, `a/./b`: nothing to add.
    } else if (length === 2 && dot && path.charCodeAt(start + 1) === 46) {
      if (out === '') out = '..';
      else if (out === '..' || out.endsWith('/..')) out += '/..';
      else out = out.slice(0, Math.max(0, out.lastIndexOf('/')));
    } else {
      const segment = path.slice(start, end);
      out = out === '' ? segment : `${out}/${segment}`;
    }
    start = end + 1;
  }
  return out === '' ? '.' : out;
}

// Sticky patterns, tried at the argument's offset in the whole text (no copy of what follows).
const STRING_TEXT = String.raw`((?:[^"\\\n$%]|\\.|\$\$|%%)*)"`;
const PLAIN_STRING = new RegExp(String.raw`\s*"${STRING_TEXT}`, 'y');
const MODULE_STRING = new RegExp(String.raw`\s*"\$\{path\.module\}${STRING_TEXT}`, 'y');
const ENDS_CALL = /\s*[,)]/y;
const ENDS_ATTRIBUTE = /[ \t\r]*(?:#.*|\/\/.*)?(?:\n|$)|\s*[,}]/y;

/** The match of a sticky `pattern` at `at`. */
function matchAt(pattern: RegExp, text: string, at: number): RegExpExecArray | null {
  pattern.lastIndex = at;
  return pattern.exec(text);
}

/** One string of plain text at `at` (after `${path.module}` when `module`), that ends the argument or attribute. */
function plainStringAt(text: string, at: number, call: boolean, module: boolean): string | undefined {
  const match = matchAt(module ? MODULE_STRING : PLAIN_STRING, text, at);
  if (!match || !matchAt(call ? ENDS_CALL : ENDS_ATTRIBUTE, text, at + match[0].length)) return undefined;
  return match[1] ?? '';
}

/**
 * The path of a read whose argument starts at `at`: one string of plain text, optionally after
 * `${path.module}`, that ends the argument or the attribute. Undefined: not known from the text.
 */
function staticRead(
  text: string,
  at: number,
  call: boolean,
): { relativeTo: 'module' | 'root'; path: string } | undefined {
  const inModule = plainStringAt(text, at, call, true);
  const raw = inModule ?? plainStringAt(text, at, call, false);
  if (raw === undefined) return undefined;
  const value = unquote(raw.replaceAll('$$', '$').replaceAll('%%', '%'));
  if (value === undefined) return undefined;
  if (inModule === undefined) return value.startsWith('/') ? undefined : { relativeTo: 'root', path: value };
  // `${path.module}/x` is in the module; `${path.module}x` names another directory.
  if (value !== '' && !value.startsWith('/')) return undefined;
  return { relativeTo: 'module', path: value.slice(1) || '.' };
}

/** Whether the `source` value at `at` is one plain string that ends the attribute. */
const plainSource = (text: string, at: number) => plainStringAt(text, at, false, false) !== undefined;

/** Adds the directories the quoted strings of `text` may call (local paths, this repository's URLs). */
function addCalls(calls: Set<string>, dir: string, text: string, urls: readonly string[]): void {
  // Only a string that starts with a dot (or an escape) can be a local path.
  const localOnly = urls.length === 0;
  if (localOnly && !text.includes('".') && !text.includes('"\\')) return;
  // exec on the one global pattern, not matchAll: no copy of the pattern and no iterator per file.
  STRING.lastIndex = 0;
  for (let match = STRING.exec(text); match; match = STRING.exec(text)) {
    const raw = match[1] ?? '';
    if (localOnly && raw.charCodeAt(0) !== 46 && !raw.includes('\\')) continue;
    const value = unquote(raw);
    if (value === undefined) continue;
    if (isLocalSource(value)) calls.add(joinRepoPath(dir, value));
    else if (!localOnly) {
      const subdir = repositorySubdir(value, urls)?.subdir;
      if (subdir !== undefined) calls.add(normalizeRepoPath(subdir));
    }
  }
}

function factsOf(dir: string, texts: readonly string[], urls: readonly string[]): DirFacts {
  const facts: DirFacts = {
    calls: new Set(),
    moduleReads: [],
    rootReads: [],
    readsAnything: false,
    unclear: false,
    mayBeRoot: false,
  };
  for (const text of texts) {
    facts.mayBeRoot ||= ROOT_WORD.test(text);
    addCalls(facts.calls, dir, text, urls);
    READ_SITE.lastIndex = 0;
    for (let match = READ_SITE.exec(text); match; match = READ_SITE.exec(text)) {
      const at = match.index + match[0].length;
      if (match[2] === 'source' && !plainSource(text, at)) facts.unclear = true;
      const read = staticRead(text, at, match[1] !== undefined);
      if (!read) facts.readsAnything = true;
      else if (read.relativeTo === 'module') facts.moduleReads.push(joinRepoPath(dir, read.path));
      else facts.rootReads.push({ path: read.path, name: read.path.replace(/\/+$/, '').split('/').pop() ?? '' });
    }
  }
  return facts;
}

/** `path` is `read` or below it (a directory read or fileset() covers what is inside). */
const covers = (read: string, path: string) => isWithin(path, read);

/** Every node from which one of `from` is reachable along `callers` (reversed call edges), `from` included. */
function reaching(from: Iterable<string>, callers: ReadonlyMap<string, readonly string[]>): Set<string> {
  const out = new Set(from);
  const stack = [...out];
  for (let dir = stack.pop(); dir !== undefined; dir = stack.pop())
    for (const caller of callers.get(dir) ?? [])
      if (!out.has(caller)) {
        out.add(caller);
        stack.push(caller);
      }
  return out;
}

/**
 * Which directories `affected` must load for `changes` (see the module comment); `parse` when
 * some directories' module calls must come from the parser first (`parsedCalls`).
 */
export function affectedScope(input: ScopeInput): ScopeStep {
  const { files, changes, rules } = input;
  if (files.some((f) => f.symlink)) return { kind: 'all', reason: 'the repository has symlinks' };
  if (files.some((f) => posix.basename(f.path) === UNIT_FILE))
    return { kind: 'all', reason: 'the repository has Terragrunt units' };
  const paths = touchedPaths(changes);
  const matchIgnore = rules.ignore.length > 0 ? anyGlobMatcher(rules.ignore) : undefined;
  const matchAllRoots = rules.allRoots.length > 0 ? anyGlobMatcher(rules.allRoots) : undefined;
  if (paths.some((path) => !matchIgnore?.(path) && matchAllRoots?.(path)))
    return { kind: 'all', reason: 'a changed path matches an all-roots glob' };

  const texts = new Map<string, string[]>();
  for (const file of files) {
    if (!CONFIG_FILE.test(file.path)) continue;
    const text = input.text(file.path);
    if (text === undefined || text.includes('\u0000'))
      return { kind: 'all', reason: `${file.path} is too large or binary` };
    push(texts, posix.dirname(file.path), text);
  }
  const terraformDirs = new Set(texts.keys());
  const urls = input.repositoryUrls ?? [];
  const facts = new Map<string, DirFacts>();
  const unparsed = new Set<string>();
  for (const [dir, list] of texts) {
    const f = factsOf(dir, list, urls);
    if (f.unclear) {
      const parsed = input.parsedCalls?.get(dir);
      if (parsed) for (const call of parsed) f.calls.add(call);
      else unparsed.add(dir);
    }
    facts.set(dir, f);
  }
  if (unparsed.size > 0) return { kind: 'parse', dirs: unparsed };
  const called = new Set<string>();
  for (const f of facts.values()) for (const call of f.calls) called.add(call);

  // The directories a changed path may belong to: the nearest Terraform directory above it and
  // every called directory without configuration files on the way there (a module that no
  // longer exists still claims its files when some root calls it).
  const owners = new Set<string>();
  for (const path of paths) {
    for (let dir = posix.dirname(path); ; dir = posix.dirname(dir)) {
      if (terraformDirs.has(dir)) {
        owners.add(dir);
        break;
      }
      if (called.has(dir)) owners.add(dir);
      if (dir === '.' || dir === '/' || dir === '') break;
    }
  }
  const node = (dir: string) => terraformDirs.has(dir) || owners.has(dir);
  const callers = new Map<string, string[]>();
  for (const [dir, f] of facts) for (const call of f.calls) if (node(call)) push(callers, call, dir);

  // A directory is hit when a changed path is in it or may be read by it; only reads relative to
  // the root's directory depend on the root, so the rest is decided once for every root.
  const hitAnyway = new Set<string>(owners);
  const rootReaders: string[] = [];
  for (const [dir, f] of facts) {
    if (f.readsAnything || f.moduleReads.some((read) => paths.some((path) => covers(read, path)))) hitAnyway.add(dir);
    if (f.rootReads.length > 0) rootReaders.push(dir);
  }
  const reachesHit = reaching(hitAnyway, callers);
  const reachesRootReader = reaching(rootReaders, callers);
  const reachOf = (root: string): Set<string> => {
    const reach = new Set<string>([root]);
    const stack = [root];
    for (let dir = stack.pop(); dir !== undefined; dir = stack.pop())
      for (const next of facts.get(dir)?.calls ?? [])
        if (!reach.has(next) && node(next)) {
          reach.add(next);
          stack.push(next);
        }
    return reach;
  };
  // A read relative to the root can only cover a changed path that has the read's last name.
  const names = new Set(paths.flatMap((path) => path.split('/')));
  const mayCover = ({ name }: { name: string }) => name === '' || name === '.' || name === '..' || names.has(name);
  const rootReadHit = (dir: string, root: string) =>
    (facts.get(dir)?.rootReads ?? []).some(
      (read) => mayCover(read) && paths.some((path) => covers(joinRepoPath(root, read.path), path)),
    );

  const load = new Set<string>();
  for (const [root, f] of facts) {
    if (!f.mayBeRoot) continue;
    let reach: Set<string> | undefined;
    if (!reachesHit.has(root)) {
      if (!reachesRootReader.has(root)) continue;
      reach = reachOf(root);
      if (![...reach].some((dir) => rootReadHit(dir, root))) continue;
    }
    for (const dir of reach ?? reachOf(root)) if (terraformDirs.has(dir)) load.add(dir);
  }
  const mayBeRoots = new Set([...facts].flatMap(([dir, f]) => (f.mayBeRoot ? [dir] : [])));
  return { kind: 'some', load, terraformDirs, mayBeRoots };
}

export interface ScopedAffected {
  affected: AffectedRoot[];
  scope: Scope;
  /** The repository as loaded: the scope's directories only, unless it said `all`. */
  repo: Repository;
  /** Display names of the roots (over every root of the repository, src/orchestrate/graph.ts). */
  names(): Promise<Map<string, string>>;
}

/**
 * The affected roots of `changes`, loading only the directories the scope names; the same answer
 * as `affectedRootsOf` on the whole repository. `check` sees every repository loaded (the shell
 * refuses files that do not parse). `changes` may still be coming (git runs while the files are
 * listed and read); when it fails, that failure is the one reported.
 */
export async function affectedInScope(
  source: FileSystem,
  options: LoadOptions,
  changes: readonly FileChange[] | Promise<readonly FileChange[]>,
  rules: AffectRules,
  check: (repo: Repository) => void = () => undefined,
): Promise<ScopedAffected> {
  // In a new process the parser's wasm compiles while the repository is listed and read.
  preloadTreeSitter();
  const pending = Promise.resolve(changes);
  pending.catch(() => undefined);
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  // One cache for the scan and every load: each file is read and parsed once. Nothing here asks a
  // file's validity, so the parse skips the layout check that only validity needs.
  const cache = options.cache ?? createFileCache(source, maxFileBytes, { checkLayout: false });
  const texts = new Map<string, string | undefined>();
  let files: RepoFile[];
  try {
    files = await listFiles(source, options);
    for (const f of files) {
      if (!CONFIG_FILE.test(f.path) || f.symlink) continue;
      const content = await cache.content(f.path);
      texts.set(f.path, content.kind === 'text' ? content.text : undefined);
    }
  } catch (error) {
    await pending;
    throw error;
  }
  const changed = await pending;
  const load = async (onlyDirs?: ReadonlySet<string>) => {
    const repo = await loadRepository(source, { ...options, files, cache, ...(onlyDirs ? { onlyDirs } : {}) });
    check(repo);
    return repo;
  };
  const input: ScopeInput = {
    files,
    text: (path) => texts.get(path),
    changes: changed,
    rules,
    ...(options.repositoryUrls ? { repositoryUrls: options.repositoryUrls } : {}),
  };
  let step = affectedScope(input);
  if (step.kind === 'parse') {
    const parsed = await load(step.dirs);
    const parsedCalls = new Map(
      [...parsed.dirs.values()].map((d) => [d.dir, d.moduleCalls.flatMap((c) => c.localDir ?? [])] as const),
    );
    step = affectedScope({ ...input, parsedCalls });
  }
  const scope: Scope = step.kind === 'parse' ? { kind: 'all', reason: 'module calls the parser cannot give' } : step;
  const repo = await load(scope.kind === 'some' ? scope.load : undefined);
  const affected = await affectedRootsOf(repo, changed, rules, scope.kind === 'some' ? scope.terraformDirs : undefined);
  const names = async () => {
    if (scope.kind === 'all') return rootNames(repo.roots.map((r) => r.dir));
    // A name depends only on the roots with the same last segment: load just those directories.
    const wanted = new Set(affected.map((a) => posix.basename(a.root)));
    const same = await load(new Set([...scope.mayBeRoots].filter((dir) => wanted.has(posix.basename(dir)))));
    return rootNames(same.roots.map((r) => r.dir));
  };
  return { affected, scope, repo, names };
}
