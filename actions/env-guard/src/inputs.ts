import { isAbsolute, resolve } from 'node:path';
import * as core from '@actions/core';
import { parseByteSize } from '../../../io/guard.js';
import { booleanInput, listInput } from '../../../io/action-inputs.js';
import { INPUTS } from './constants.js';

export interface ActionInputs {
  /** Absolute directory to guard. */
  root: string;
  strict: boolean;
  /** Absolute settings path, or undefined for `<root>/env-guard.yaml` (when it exists). */
  config: string | undefined;
  /** Absolute environment model path, or undefined for `<root>/environments.yaml`. */
  environments: string | undefined;
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
  const rootInput = core.getInput(INPUTS.root).trim() || '.';
  const configInput = core.getInput(INPUTS.config).trim();
  const environmentsInput = core.getInput(INPUTS.environments).trim();
  const sizeInput = core.getInput(INPUTS.maxFileSize).trim();
  const urls = listInput(INPUTS.repositoryUrls);
  const at = (p: string) => (isAbsolute(p) ? p : resolve(workspace, p));
  return {
    root: at(rootInput),
    strict: booleanInput(INPUTS.strict),
    config: configInput ? at(configInput) : undefined,
    environments: environmentsInput ? at(environmentsInput) : undefined,
    workspace,
    baseRef: env.GITHUB_BASE_REF?.trim() || undefined,
    outputDir: resolve(env.RUNNER_TEMP ?? workspace),
    maxFileBytes: sizeInput ? parseByteSize(`input '${INPUTS.maxFileSize}'`, sizeInput) : undefined,
    repositoryUrls: urls.length > 0 ? urls : undefined,
  };
}
