/**
 * The real Terraform binary for the test suite, the terraform stage and `npm start`: the CLI
 * config of the provider double (written by scripts/setup/provider-double.sh), the environment
 * every run gets, and one call that runs a command and keeps stdout and stderr apart.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigurationError } from '../../src/lib/errors.js';
import { repoRoot } from './tools.js';

/** The CLI config that installs providers from the provider double's filesystem mirror only. */
export const DOUBLE_CLI_CONFIG = join(repoRoot, '.tools/provider-double/terraformrc');

export function doubleCliConfig(): string {
  if (!existsSync(DOUBLE_CLI_CONFIG))
    throw new ConfigurationError(
      `${DOUBLE_CLI_CONFIG} is missing: the provider double is not installed. Run 'npm run setup' (scripts/setup/provider-double.sh).`,
    );
  return DOUBLE_CLI_CONFIG;
}

/**
 * Environment of a Terraform run with the provider double: its own CLI config (never the
 * user's ~/.terraformrc), no prompts, no update checks, no plugin cache from outside.
 */
export function doubleEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TF_CLI_CONFIG_FILE: doubleCliConfig(),
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
    ...extra,
  };
  delete env.TF_PLUGIN_CACHE_DIR;
  delete env.TF_LOG;
  return env;
}

export interface TerraformRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runTerraform(
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; bin?: string },
): Promise<TerraformRun> {
  return new Promise((resolveRun) => {
    const child = spawn(options.bin ?? 'terraform', args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', (error: NodeJS.ErrnoException) =>
      resolveRun({
        code: null,
        stdout,
        stderr: error.code === 'ENOENT' ? `'${options.bin ?? 'terraform'}' was not found on PATH` : error.message,
      }),
    );
    child.once('close', (code) => resolveRun({ code, stdout, stderr }));
  });
}
