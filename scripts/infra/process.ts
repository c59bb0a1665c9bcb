/**
 * Runs one Terraform step in a root directory: stdout to the root's log (or to a file for
 * `show -json` / `output -json`), stderr to the log, both kept (bounded) for classification.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { StepRun, TerraformStep } from '../../src/orchestrate/index.js';

const KEEP = 2 * 1024 * 1024;

export interface RunOptions {
  bin: string;
  cwd: string;
  log: WriteStream;
}

export interface ProcessResult extends StepRun {
  /** Set when the executable could not be started at all. */
  spawnError?: string;
}

export async function runStep(step: TerraformStep, options: RunOptions): Promise<ProcessResult> {
  const { bin, cwd, log } = options;
  log.write(`$ ${bin} ${step.args.join(' ')}${step.stdoutFile ? ` > ${step.stdoutFile}` : ''}\n`);
  const out = step.stdoutFile ? createWriteStream(step.stdoutFile) : undefined;
  let output = '';
  let stdout = '';
  const keep = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    if (output.length > KEEP) output = output.slice(-KEEP);
  };
  const child = spawn(bin, step.args, {
    cwd,
    env: { ...process.env, TF_IN_AUTOMATION: '1', TF_INPUT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk: Buffer) => {
    if (out) out.write(chunk);
    else {
      log.write(chunk);
      keep(chunk);
      // Kept apart from stderr: `fmt -check` lists files on stdout, warnings go to stderr.
      stdout += chunk.toString('utf8');
      if (stdout.length > KEEP) stdout = stdout.slice(-KEEP);
    }
  });
  child.stderr.on('data', (chunk: Buffer) => {
    log.write(chunk);
    keep(chunk);
  });
  const result = await new Promise<ProcessResult>((resolveRun) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      const reason =
        error.code === 'ENOENT'
          ? `'${bin}' was not found (install Terraform or set TF_BIN)`
          : `'${bin}' could not be started: ${error.message}`;
      resolveRun({ step, exitCode: null, signal: null, output, stdout, spawnError: reason });
    });
    child.once('close', (code, signal) => resolveRun({ step, exitCode: code, signal, output, stdout }));
  });
  if (out) {
    out.end();
    await once(out, 'close');
  }
  log.write(`[exit ${result.exitCode ?? result.signal ?? 'n/a'}]\n\n`);
  return result;
}
