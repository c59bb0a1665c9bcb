/**
 * Globs over repository-relative paths (exclude and include lists, root patterns, allow-list paths,
 * infra.yaml's lists), matched as picomatch matches them with `dot: true`, in bounded time.
 * picomatch compiles a glob to a backtracking JavaScript regular expression: a pattern that a pull
 * request writes (`*a*a*a*a*a*a*b`) against a file name it also chooses (sixty `a`s) takes hours.
 * A pattern with at most two wildcards (`*`, `**`) and no alternatives (braces, extglobs) runs as
 * picomatch's expression (at most quadratic in the path's length, and the fast path for the usual
 * `**` / `*.tf`); any other runs on RE2 (re2js), linear in the path: wildcards multiply each
 * other's backtracking, and so do alternatives (`{a,a}` twenty-five times takes minutes). picomatch's look-arounds that say a segment is not `.` or `..`
 * and is not empty hold for every normalised repository path, so they are left out for RE2; a glob
 * that needs another look-around (a negated extglob, `!(…)`) is refused.
 */
import picomatch from 'picomatch';
import { RE2JS } from 're2js';
import { ConfigurationError } from './errors.js';

export type PathMatch = (path: string) => boolean;

const OPTIONS = { dot: true } as const;

/** picomatch's guards: no `.` or `..` segment, something follows (true of a normalised path). */
const PATH_GUARDS = [String.raw`(?!(?:^|\/)\.{1,2}(?:\/|$))`, String.raw`(?!\.{1,2}(?:\/|$))`, '(?=.)'];

/** A run of `*` (a wildcard or a globstar): what a backtracking match can multiply. */
const WILDCARD = /\*+/g;
/** Braces and extglobs: alternatives, which multiply the same way. */
const ALTERNATIVES = /[{}]|[@*+?!]\(/;

const MAX_BACKTRACKING_WILDCARDS = 2;

/** Whether picomatch's backtracking expression is bounded for `pattern` (see the module comment). */
const backtrackingIsBounded = (pattern: string) =>
  (pattern.match(WILDCARD)?.length ?? 0) <= MAX_BACKTRACKING_WILDCARDS && !ALTERNATIVES.test(pattern);

const UNBOUNDED =
  'cannot be matched in bounded time: a negated extglob (!(…)) needs a look-ahead; expected *, **, ?, [...], {a,b}, @(…), ?(…), *(…) or +(…), or a list of the paths';

/** Why `pattern` cannot be a glob here (for a configuration's schema), or undefined. */
export function globProblem(pattern: string): string | undefined {
  try {
    globMatcher(pattern);
    return undefined;
  } catch {
    return UNBOUNDED;
  }
}

/** Whether `path` matches `pattern` (see the module comment); throws for a glob it cannot bound. */
export function globMatcher(pattern: string): PathMatch {
  const source = picomatch.makeRe(pattern, OPTIONS).source;
  if (backtrackingIsBounded(pattern)) {
    const re = new RegExp(source);
    // picomatch takes a path equal to the glob as a match even where the glob's syntax would not.
    return (path) => path === pattern || re.test(path);
  }
  let linear: RE2JS;
  try {
    linear = RE2JS.compile(PATH_GUARDS.reduce((text, guard) => text.replaceAll(guard, ''), source));
  } catch {
    throw new ConfigurationError(`The glob '${pattern}' ${UNBOUNDED}.`);
  }
  return (path) => path === pattern || linear.test(path);
}

/** Whether `path` matches one of `patterns`. */
export function anyGlobMatcher(patterns: readonly string[]): PathMatch {
  const matchers = patterns.map(globMatcher);
  if (matchers.length === 1) return matchers[0]!;
  return (path) => matchers.some((match) => match(path));
}

/** A zod check for a glob field: the glob's problem as the field's issue. */
export function boundedGlob(
  pattern: string,
  ctx: { addIssue(issue: { code: 'custom'; message: string }): void },
): void {
  const problem = globProblem(pattern);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
}
