/** Shared helpers of the infra CLI integration tests: throw-away git repositories and running the CLI. */
import { execFileSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { projectRoot, runScript, type ScriptRun } from '../helpers/run-script.js';

export { projectRoot };
export const fakeTerraformDir = join(projectRoot, 'test/fake-terraform');

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z' },
  });
}

export function initGit(cwd: string): void {
  git(cwd, 'init', '-q', '-b', 'main');
  git(cwd, 'config', 'user.email', 'test@example.com');
  git(cwd, 'config', 'user.name', 'Test');
  git(cwd, 'config', 'commit.gpgsign', 'false');
  commitAll(cwd, 'initial');
}

export function commitAll(cwd: string, message: string): string {
  git(cwd, 'add', '-A');
  git(cwd, 'commit', '-q', '--allow-empty', '-m', message);
  return git(cwd, 'rev-parse', 'HEAD').trim();
}

/** Writes files (relative path → contents) below `cwd`. */
export { writeTree as writeFiles } from '../helpers/write-tree.js';

export async function removePaths(cwd: string, ...paths: string[]): Promise<void> {
  for (const path of paths) await rm(join(cwd, path), { recursive: true, force: true });
}

export type CliResult = ScriptRun;

/** Runs `npm run infra -- …` the way npm does (cwd = repository root), without npm's banner. */
export function runInfra(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return runScript('scripts/infra.ts', args, { cwd, env });
}

export const backend = (key: string) =>
  `terraform {\n  backend "s3" {\n    bucket = "state"\n    key    = "${key}"\n  }\n}\n`;
export const moduleCall = (name: string, source: string) => `module "${name}" {\n  source = "${source}"\n}\n`;
