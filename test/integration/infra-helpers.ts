/** Shared helpers of the infra CLI integration tests: throw-away git repositories and running the CLI. */
import { execFileSync, spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const projectRoot = resolve(import.meta.dirname, '../..');
export const fakeTerraformDir = join(projectRoot, 'test/fake-terraform');
const cli = join(projectRoot, 'scripts/infra.ts');
/** tsx resolved from this project, not from the temp repository the CLI runs in. */
const tsxLoader = pathToFileURL(join(projectRoot, 'node_modules/tsx/dist/loader.mjs')).href;

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

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `npm run infra -- …` the way npm does (cwd = repository root), without npm's banner. */
export function runInfra(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, ['--import', tsxLoader, cli, ...args], {
      cwd,
      env: { ...process.env, GITHUB_ACTIONS: '', CI: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolveRun({ code, stdout, stderr }));
  });
}

export const backend = (key: string) =>
  `terraform {\n  backend "s3" {\n    bucket = "state"\n    key    = "${key}"\n  }\n}\n`;
export const moduleCall = (name: string, source: string) => `module "${name}" {\n  source = "${source}"\n}\n`;
