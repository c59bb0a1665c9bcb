/**
 * Which roots a change affects. A changed path affects a root when
 *   - it lies in the root's directory or in a local module the root uses, directly or through
 *     other modules (a path belongs to the nearest Terraform directory above it, so a nested
 *     root or module claims its own files), including a module the root still calls but that
 *     no longer exists (deleted or moved);
 *   - the root or one of its module instances reads it through file()/templatefile()/
 *     fileset()/archive sources/resource sources or a symlink (also when it matches `ignore`);
 *   - it matches an `all-roots` glob (tooling that changes how every root is checked or built);
 *   - it affects a root whose outputs the root reads (a Terragrunt `dependency`), transitively.
 * Files a Terragrunt unit includes or reads (`include`, `read_terragrunt_config`) are reads.
 * Renames count with both paths. Paths matching `ignore` (docs, tests) only count when read.
 *
 * Why the head graph suffices for deletions: a module call that disappears is removed by
 * editing a file of the caller, which is itself a root or a module the root still uses, so
 * the former caller is affected through that edit; a call that is left in place to a deleted
 * module stays in the head graph with `exists: false`.
 */
import { posix } from 'node:path';
import { anyGlobMatcher, globMatcher } from '../lib/glob.js';
import { touchedPaths, type FileChange } from './changes.js';
import type { Repository } from '../repo/index.js';
import { buildRootGraphs, type RootGraph, type RootRead } from './graph.js';
import { push } from '../lib/maps.js';

export type ReasonKind = 'root' | 'module' | 'read' | 'all-roots' | 'dependency';

export interface AffectReason {
  kind: ReasonKind;
  /** The changed path. */
  path: string;
  /** The module directory (kind module), `<via> in <file>` (kind read), the glob (all-roots), or `<via> on <root>` (dependency). */
  detail?: string;
}

export interface AffectedRoot {
  root: string;
  reasons: AffectReason[];
}

export interface AffectRules {
  allRoots: readonly string[];
  ignore: readonly string[];
}

export interface AffectInput {
  graphs: readonly RootGraph[];
  /** Every directory that holds .tf files at the compared state (Repository.dirs keys). */
  terraformDirs: Iterable<string>;
  changes: readonly FileChange[];
  rules: AffectRules;
}

function ancestors(path: string): string[] {
  const out: string[] = [];
  let current = posix.dirname(path);
  for (;;) {
    out.push(current);
    if (current === '.' || current === '/' || current === '') break;
    current = posix.dirname(current);
  }
  return out;
}

/** The affected roots, sorted by directory, each with the reasons in path order. */
export function computeAffected(input: AffectInput): AffectedRoot[] {
  const { graphs, changes, rules } = input;
  const paths = touchedPaths(changes);
  const reasons = new Map<string, AffectReason[]>();
  const allRoots = rules.allRoots.map((glob) => ({ glob, match: globMatcher(glob) }));
  const matchIgnore = rules.ignore.length > 0 ? anyGlobMatcher(rules.ignore) : undefined;

  // dir → roots using it as their own directory or as a module (nearest-directory ownership).
  const ownerDirs = new Set(input.terraformDirs);
  const users = new Map<string, { root: string; kind: 'root' | 'module' }[]>();
  const readers = new Map<string, { root: string; read: RootRead }[]>();
  for (const graph of graphs) {
    ownerDirs.add(graph.root);
    push(users, graph.root, { root: graph.root, kind: 'root' });
    for (const module of graph.modules) {
      ownerDirs.add(module.dir);
      push(users, module.dir, { root: graph.root, kind: 'module' });
    }
    for (const read of graph.reads) push(readers, read.path, { root: graph.root, read });
  }

  for (const path of paths) {
    const chain = [path, ...ancestors(path)];
    for (const candidate of chain) {
      for (const { root, read } of readers.get(candidate) ?? []) {
        if (candidate !== path && !read.directory && read.via !== 'symlink') continue;
        push(reasons, root, { kind: 'read', path, detail: `${read.via} in ${read.file}` });
      }
    }
    if (matchIgnore?.(path)) continue;
    const allRootsGlob = allRoots.find(({ match }) => match(path))?.glob;
    if (allRootsGlob !== undefined) {
      for (const graph of graphs) push(reasons, graph.root, { kind: 'all-roots', path, detail: allRootsGlob });
      continue;
    }
    const owner = chain.slice(1).find((dir) => ownerDirs.has(dir));
    if (owner === undefined) continue;
    for (const { root, kind } of users.get(owner) ?? []) {
      push(reasons, root, kind === 'root' ? { kind, path } : { kind, path, detail: owner });
    }
  }

  // A root that reads the outputs of an affected root is affected too (until nothing changes).
  for (let changed = true; changed;) {
    changed = false;
    for (const graph of graphs) {
      for (const dependency of graph.dependsOn) {
        const upstream = reasons.get(dependency.root);
        if (!upstream || dependency.root === graph.root) continue;
        const mine = reasons.get(graph.root) ?? [];
        if (mine.some((r) => r.kind === 'dependency' && r.detail?.endsWith(` on ${dependency.root}`))) continue;
        mine.push({
          kind: 'dependency',
          path: upstream[0]?.path ?? dependency.root,
          detail: `${dependency.via} on ${dependency.root}`,
        });
        reasons.set(graph.root, mine);
        changed = true;
      }
    }
  }

  return [...reasons].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([root, list]) => ({ root, reasons: list }));
}

/** The affected roots of `changes` in a loaded repository (what `infra affected` and `npm start` show). */
export async function affectedRootsOf(
  repo: Repository,
  changes: readonly FileChange[],
  rules: AffectRules,
  /** Every Terraform directory, when `repo` was loaded with only some of them (src/orchestrate/scope.ts). */
  terraformDirs: Iterable<string> = repo.dirs.keys(),
): Promise<AffectedRoot[]> {
  return computeAffected({ graphs: await buildRootGraphs(repo), terraformDirs, changes, rules });
}

export function describeReason(reason: AffectReason): string {
  switch (reason.kind) {
    case 'root':
      return `${reason.path}`;
    case 'module':
      return `${reason.path} (module ${reason.detail ?? ''})`;
    case 'read':
      return `${reason.path} (read by ${reason.detail ?? ''})`;
    case 'all-roots':
      return `${reason.path} (all-roots: ${reason.detail ?? ''})`;
    case 'dependency':
      return `${reason.path} (through ${reason.detail ?? ''})`;
  }
}

/** Text listing: each root with up to five reasons, or a line saying that none is affected. */
export function renderAffectedText(affected: readonly AffectedRoot[], changedCount: number): string {
  if (affected.length === 0) return `No root is affected by the ${changedCount} changed file(s).\n`;
  let out = '';
  for (const { root, reasons } of affected) {
    out += `${root}\n`;
    for (const reason of reasons.slice(0, 5)) out += `  ${describeReason(reason)}\n`;
    if (reasons.length > 5) out += `  … and ${reasons.length - 5} more\n`;
  }
  return out;
}
