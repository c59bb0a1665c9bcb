import { isAbsolute, resolve } from 'node:path';
import * as core from '@actions/core';
import { parseByteSize } from '../../../io/guard.js';
import { ConfigurationError } from '../../../src/lib/errors.js';
import { Inputs } from './constants.js';

export interface ActionInputs {
  /** Absolute directory to guard. */
  root: string;
  strict: boolean;
  /** Absolute config path, or undefined for `<root>/env-guard.yaml`. */
  config: string | undefined;
  /** The runner's workspace: annotation and SARIF paths are relative to it. */
  workspace: string;
  /** Pull request base branch (GITHUB_BASE_REF), for annotating changed files first. */
  baseRef: string | undefined;
  /** Where the JSON report and SARIF file are written. */
  outputDir: string;
  /** Files larger than this are not read; undefined for the default. */
  maxFileBytes: number | undefined;
  /** This repository's URLs (one per line); undefined: `git remote -v` of the root. */
  repositoryUrls: string[] | undefined;
}

/** Every input and runner variable the action uses, read once, validated, with defaults. */
export function getInputs(env: NodeJS.ProcessEnv = process.env): ActionInputs {
  const workspace = resolve(env.GITHUB_WORKSPACE ?? process.cwd());
  const rootInput = core.getInput(Inputs.Root).trim() || '.';
  const strictInput = core.getInput(Inputs.Strict).trim().toLowerCase() || 'false';
  if (!['true', 'false'].includes(strictInput)) {
    throw new ConfigurationError(`Invalid input '${Inputs.Strict}': '${strictInput}'. Expected "true" or "false".`);
  }
  const configInput = core.getInput(Inputs.Config).trim();
  const sizeInput = core.getInput(Inputs.MaxFileSize).trim();
  const urls = core
    .getInput(Inputs.RepositoryUrls)
    .split('\n')
    .map((u) => u.trim())
    .filter(Boolean);
  const at = (p: string) => (isAbsolute(p) ? p : resolve(workspace, p));
  return {
    root: at(rootInput),
    strict: strictInput === 'true',
    config: configInput ? at(configInput) : undefined,
    workspace,
    baseRef: env.GITHUB_BASE_REF?.trim() || undefined,
    outputDir: resolve(env.RUNNER_TEMP ?? workspace),
    maxFileBytes: sizeInput ? parseByteSize(`input '${Inputs.MaxFileSize}'`, sizeInput) : undefined,
    repositoryUrls: urls.length > 0 ? urls : undefined,
  };
}
