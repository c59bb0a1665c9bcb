/**
 * Which Terraform directories `affected` has to load for a change, decided from the text of the
 * configuration files without parsing them: the roots the changed paths can reach and the
 * modules those roots use. Every answer is a superset of the directories the full computation
 * would find affected, so loading only these and computing exactly on them gives the same answer
 * (src/orchestrate/affected.test.ts compares both):
 *   - a module call's `source` is a literal string, so every real call is among the quoted
 *     strings of the caller that are local paths (`./…`, `../…`);
 *   - a file read site names a function or an attribute (file(), templatefile(), `filename`,
 *     `source_dir`, …); its path is known from the text only when it is one string of plain
 *     text after `${path.module}` (or relative, read from each root's directory), otherwise the
 *     directory may read anything;
 *   - a root has a `backend` or `cloud` block, so a directory without either word is no root.
 * What the text cannot decide falls back to loading everything: symlinks, Terragrunt units, a
 * change under an all-roots glob, a configuration file that is too large or binary.
 */
import { posix } from 'node:path';
import picomatch from 'picomatch';
import {
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
import { FILE_FUNCTIONS } from '../repo/terraform-dir.js';
import { touchedPaths, type FileChange } from './changes.js';
import { affectedRootsOf, type AffectedRoot, type AffectRules } from './affected.js';
import { rootNames } from './graph.js';

export interface ScopeInput {
  /** The repository's listing (Repository.files). */
  files: readonly RepoFile[];
  /** The text of a `.tf` / `.tf.json` file, or undefined when it is not read (too large). */
  text(path: string): string | undefined;
  changes: readonly FileChange[];
  rules: AffectRules;
}

export type Scope =
  | { kind: 'all'; reason: string }
  | {
      kind: 'some';
      /** The Terraform directories to load: the candidate roots and every module they may use. */
      load: Set<string>;
      /** Every directory with configuration files (ownership of changed paths). */
      terraformDirs: Set<string>;
    };

const CONFIG_FILE = /\.tf(\.json)?$/;
const UNIT_FILE = 'terragrunt.hcl';
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
  /** Paths read relative to the root's directory (Terraform's working directory). */
  rootReads: string[];
  /** A read whose path the text does not give: the directory may read anything. */
  readsAnything: boolean;
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

const isLocalPath = (value: string) =>
  value === '.' || value === '..' || value.startsWith('./') || value.startsWith('../');

/**
 * The path of a read whose argument starts at `at`: one string of plain text, optionally after
 * `${path.module}`, that ends the argument or the attribute. Undefined: not known from the text.
 */
function staticRead(
  text: string,
  at: number,
  call: boolean,
): { relativeTo: 'module' | 'root'; path: string } | undefined {
  // The `${path.module}` prefix becomes a NUL (no configuration text has one), so that any other
  // interpolation or directive in the string makes it unknown.
  const rest = text.slice(at, at + 2048).replace(/^(\s*")\$\{path\.module\}/, '$1\u0000');
  const match = /^\s*"((?:[^"\\\n$%]|\\.|\$\$|%%)*)"/.exec(rest);
  if (!match) return undefined;
  const after = rest.slice(match[0].length);
  if (call ? !/^\s*[,)]/.test(after) : !/^[ \t\r]*(?:#.*|\/\/.*)?(?:\n|$)|^\s*[,}]/.test(after)) return undefined;
  const raw = match[1] ?? '';
  const value = unquote(raw.replace('\u0000', '').replaceAll('$$', '$').replaceAll('%%', '%'));
  if (value === undefined) return undefined;
  if (!raw.startsWith('\u0000')) return value.startsWith('/') ? undefined : { relativeTo: 'root', path: value };
  // `${path.module}/x` is in the module; `${path.module}x` names another directory.
  if (value !== '' && !value.startsWith('/')) return undefined;
  return { relativeTo: 'module', path: value.slice(1) || '.' };
}

function factsOf(dir: string, text: string): DirFacts {
  const facts: DirFacts = {
    calls: new Set(),
    moduleReads: [],
    rootReads: [],
    readsAnything: false,
    mayBeRoot: ROOT_WORD.test(text),
  };
  for (const match of text.matchAll(STRING)) {
    const value = unquote(match[1] ?? '');
    if (value !== undefined && isLocalPath(value)) facts.calls.add(normalizeRepoPath(posix.join(dir, value)));
  }
  for (const match of text.matchAll(READ_SITE)) {
    const read = staticRead(text, (match.index ?? 0) + match[0].length, match[1] !== undefined);
    if (!read) facts.readsAnything = true;
    else if (read.relativeTo === 'module') facts.moduleReads.push(normalizeRepoPath(posix.join(dir, read.path)));
    else facts.rootReads.push(read.path);
  }
  return facts;
}

/** `path` is `read` or below it (a directory read or fileset() covers what is inside). */
const covers = (read: string, path: string) => isWithin(path, read);

/** Which directories `affected` must load for `changes` (see the module comment). */
export function affectedScope(input: ScopeInput): Scope {
  const { files, changes, rules } = input;
  if (files.some((f) => f.symlink)) return { kind: 'all', reason: 'the repository has symlinks' };
  if (files.some((f) => posix.basename(f.path) === UNIT_FILE))
    return { kind: 'all', reason: 'the repository has Terragrunt units' };
  const paths = touchedPaths(changes);
  const matchIgnore = rules.ignore.length > 0 ? picomatch([...rules.ignore], { dot: true }) : undefined;
  const matchAllRoots = rules.allRoots.length > 0 ? picomatch([...rules.allRoots], { dot: true }) : undefined;
  if (paths.some((path) => !matchIgnore?.(path) && matchAllRoots?.(path)))
    return { kind: 'all', reason: 'a changed path matches an all-roots glob' };

  const texts = new Map<string, string[]>();
  for (const file of files) {
    if (!CONFIG_FILE.test(file.path)) continue;
    const text = input.text(file.path);
    if (text === undefined || text.includes('\u0000'))
      return { kind: 'all', reason: `${file.path} is too large or binary` };
    const dir = posix.dirname(file.path);
    const list = texts.get(dir);
    if (list) list.push(text);
    else texts.set(dir, [text]);
  }
  const terraformDirs = new Set(texts.keys());
  const facts = new Map([...texts].map(([dir, list]) => [dir, factsOf(dir, list.join('\n'))] as const));
  const called = new Set([...facts.values()].flatMap((f) => [...f.calls]));

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
  const hit = (dir: string, root: string): boolean => {
    if (owners.has(dir)) return true;
    const f = facts.get(dir);
    if (!f) return false;
    if (f.readsAnything) return true;
    return paths.some(
      (path) =>
        f.moduleReads.some((read) => covers(read, path)) ||
        f.rootReads.some((read) => covers(normalizeRepoPath(posix.join(root, read)), path)),
    );
  };

  const load = new Set<string>();
  for (const [root, f] of facts) {
    if (!f.mayBeRoot) continue;
    const reach = new Set<string>([root]);
    const stack = [root];
    for (let dir = stack.pop(); dir !== undefined; dir = stack.pop())
      for (const next of facts.get(dir)?.calls ?? [])
        if (!reach.has(next) && (terraformDirs.has(next) || owners.has(next))) {
          reach.add(next);
          stack.push(next);
        }
    if ([...reach].some((dir) => hit(dir, root))) for (const dir of reach) if (terraformDirs.has(dir)) load.add(dir);
  }
  return { kind: 'some', load, terraformDirs };
}

/** A file system that reads each file once: the scope reads the configuration, the loader again. */
function readingOnce(fs: FileSystem): FileSystem {
  const texts = new Map<string, Promise<string>>();
  return {
    root: fs.root,
    list: (dir) => fs.list(dir),
    lstat: (path) => fs.lstat(path),
    readlink: (path) => fs.readlink(path),
    realpath: (path) => fs.realpath(path),
    readText(path) {
      let text = texts.get(path);
      if (!text) {
        text = fs.readText(path);
        texts.set(path, text);
      }
      return text;
    },
  };
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
 * refuses files that do not parse).
 */
export async function affectedInScope(
  source: FileSystem,
  options: LoadOptions,
  changes: readonly FileChange[],
  rules: AffectRules,
  check: (repo: Repository) => void = () => undefined,
): Promise<ScopedAffected> {
  const fs = readingOnce(source);
  const files = await listFiles(fs, options);
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const texts = new Map<string, string | undefined>();
  await Promise.all(
    files
      .filter((f) => CONFIG_FILE.test(f.path) && !f.symlink)
      .map(async (f) => {
        const { size } = await fs.lstat(f.path);
        texts.set(f.path, size > maxFileBytes ? undefined : await fs.readText(f.path));
      }),
  );
  const scope = affectedScope({ files, text: (path) => texts.get(path), changes, rules });
  const load = async (onlyDirs?: ReadonlySet<string>) => {
    const repo = await loadRepository(fs, { ...options, files, ...(onlyDirs ? { onlyDirs } : {}) });
    check(repo);
    return repo;
  };
  const repo = await load(scope.kind === 'some' ? scope.load : undefined);
  const affected = await affectedRootsOf(repo, changes, rules, scope.kind === 'some' ? scope.terraformDirs : undefined);
  const names = async () => {
    if (scope.kind === 'all') return rootNames(repo.roots.map((r) => r.dir));
    // A name depends only on the roots with the same last segment: load just those directories.
    const wanted = new Set(affected.map((a) => posix.basename(a.root)));
    const same = await load(new Set([...scope.terraformDirs].filter((dir) => wanted.has(posix.basename(dir)))));
    return rootNames(same.roots.map((r) => r.dir));
  };
  return { affected, scope, repo, names };
}
