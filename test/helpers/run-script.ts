/** Runs one of the project's TypeScript entry points as npm runs it: its own Node.js process, with tsx. */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const projectRoot = resolve(import.meta.dirname, '../..');
/** tsx resolved from this project, not from the temporary repository a script may run in. */
export const tsxLoader = pathToFileURL(join(projectRoot, 'node_modules/tsx/dist/loader.mjs')).href;

export interface ScriptRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `script` relative to the project (e.g. `scripts/infra.ts`); stdin closed; CI variables cleared
 * unless given; `imports`: further modules Node loads first (file URLs).
 */
export function runScript(
  script: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; imports?: readonly string[] } = {},
): Promise<ScriptRun> {
  const imports = [tsxLoader, ...(options.imports ?? [])].flatMap((url) => ['--import', url]);
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [...imports, join(projectRoot, script), ...args], {
      cwd: options.cwd ?? projectRoot,
      env: { ...process.env, GITHUB_ACTIONS: '', CI: '', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', fail);
    child.once('close', (code) => done({ code, stdout, stderr }));
  });
}
