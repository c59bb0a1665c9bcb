/** The changed files of a comparison, from git (NUL-separated output, renames detected). */
import type { execFile as ExecFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parseNameStatus, parseUntracked, type FileChange } from '../src/orchestrate/changes.js';
import { UserError } from '../src/lib/errors.js';
import { execFailure } from './tool-failure.js';

// node:child_process (with the network stack it loads) is loaded by the first git run, not by
// every CLI start: a guard of a repository whose modules are all local runs no git.
const childProcess = () => process.getBuiltinModule('node:child_process');
let execPromise: typeof ExecFile.__promisify__ | undefined;
const exec = (): typeof ExecFile.__promisify__ => (execPromise ??= promisify(childProcess().execFile));

async function git(cwd: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await exec()('git', args, { cwd, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' });
    return stdout;
  } catch (error) {
    throw execFailure(`git ${args.filter((a) => !a.startsWith('-')).join(' ')}`, error, cwd);
  }
}

/** True when `ref` names a commit in the repository at `cwd`. */
export async function isCommit(cwd: string, ref: string): Promise<boolean> {
  try {
    await exec()('git', ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], { cwd });
    return true;
  } catch {
    return false;
  }
}

async function verifyRef(cwd: string, flag: string, ref: string): Promise<void> {
  if (!(await isCommit(cwd, ref))) {
    throw new UserError(
      `${flag} '${ref}' is not a commit in ${cwd}. Fetch it first (in Actions: actions/checkout with fetch-depth: 0).`,
    );
  }
}

/**
 * Paths are relative to `cwd` (as `ls-files` prints them), so a root below the repository's
 * top level gets root-relative paths.
 * Files changed between the merge base of `base` and `head` and `head` (`git diff base...head`,
 * what a pull request shows). Without `head`: between the merge base of `base` and HEAD and the
 * working tree, staged or not, plus untracked files that are not ignored — what you are about
 * to commit on a branch.
 */
export async function changedFiles(cwd: string, base: string, head?: string): Promise<FileChange[]> {
  const refs: [string, string][] = [['--base', base]];
  if (head !== undefined) refs.push(['--head', head]);
  const verify = async () => {
    for (const [flag, ref] of refs) await verifyRef(cwd, flag, ref);
  };
  // A ref that starts with `-` would reach git as an option: it is refused before git runs.
  if (refs.some(([, ref]) => ref.startsWith('-'))) await verify();
  // Every process costs the caller a fork, so the refs are checked only when the diff fails
  // (git refuses a diff of anything that is not a commit): a ref that is no commit is
  // reported in preference to the diff's own failure.
  try {
    return await diffOf(cwd, base, head);
  } catch (error) {
    await verify();
    throw error;
  }
}

async function diffOf(cwd: string, base: string, head: string | undefined): Promise<FileChange[]> {
  const common = [
    '-c',
    'core.quotePath=off',
    'diff',
    '--name-status',
    '-z',
    '-M',
    '--relative',
    '--no-ext-diff',
    '--no-textconv',
  ];
  if (head !== undefined) {
    return parseNameStatus(await git(cwd, [...common, `${base}...${head}`, '--']));
  }
  const [tracked, untracked] = await Promise.all([
    git(cwd, [...common, '--merge-base', base, '--']),
    git(cwd, ['ls-files', '-z', '--others', '--exclude-standard']),
  ]);
  return [...parseNameStatus(tracked), ...parseUntracked(untracked)];
}

/**
 * The URLs of the repository's remotes (`git remote -v`), fetch and push, deduplicated; none when
 * `cwd` is not a git work tree or git is missing (a copy of the files has no remotes to name).
 * Only stdout is a pipe: the guard asks on every start, and neither input nor messages are needed.
 */
export function remoteUrls(cwd: string): Promise<string[]> {
  return new Promise((resolve) => {
    let stdout = '';
    const child = childProcess().spawn('git', ['remote', '-v'], { cwd, stdio: ['ignore', 'pipe', 'ignore'] });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.once('error', () => resolve([]));
    child.once('close', (code) => {
      if (code !== 0) return resolve([]);
      resolve([...new Set(stdout.split('\n').flatMap((line) => line.split(/\s+/)[1] ?? []))].filter(Boolean));
    });
  });
}
