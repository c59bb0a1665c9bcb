/**
 * The environment model as the shells read it: `<root>/environments.yaml` (or the file a flag or
 * input names), parsed by the core, and the repository loaded with the model's file settings.
 * Every tool that looks at environments or walks the repository comes through here.
 */
import { resolve } from 'node:path';
import { repositoryOptions } from '../src/model/resolve.js';
import type { EnvironmentModel } from '../src/model/schema.js';
import type { LoadOptions, Repository } from '../src/repo/index.js';
import { displayPath, readConfigFile, readOptionalConfigFile } from './config-file.js';
import { loadRepositoryAt } from './node-fs.js';

export const MODEL_FILE = 'environments.yaml';

export interface ModelOptions {
  /** The model file; default `<root>/environments.yaml`. */
  path?: string | undefined;
  /** How the user names the option in messages (`--environments`, `input 'environments'`). */
  source?: string;
}

/** The model's parser and schemas (YAML, zod), loaded when there is a model to parse. */
const parser = async () => (await import('../src/model/schema.js')).parseEnvironmentModel;

/** Reads and validates the model; a missing file is a ConfigurationError that says how to name one. */
export async function readEnvironmentModel(root: string, options: ModelOptions = {}): Promise<EnvironmentModel> {
  const source = options.source ?? '--environments';
  const abs = options.path ? resolve(options.path) : resolve(root, MODEL_FILE);
  const label = displayPath(root, abs);
  const text = await readConfigFile(
    abs,
    label,
    options.path ? source : `the repository root: every environment is declared there (or pass ${source})`,
  );
  return (await parser())(text, label);
}

/** The model when the repository has one (an explicit path must exist). */
export async function readOptionalEnvironmentModel(
  root: string,
  options: ModelOptions = {},
): Promise<EnvironmentModel | undefined> {
  if (options.path) return readEnvironmentModel(root, options);
  const abs = resolve(root, MODEL_FILE);
  const text = await readOptionalConfigFile(abs, MODEL_FILE);
  return text === undefined ? undefined : (await parser())(text, MODEL_FILE);
}

/**
 * The repository model of `root`, walked and loaded as the environment model says (excludes,
 * includes, backend configs); `ownExclude` adds the calling tool's own output directories, `extra`
 * the shell's limits and the repository's own URLs.
 */
export function loadRepositoryWith(
  root: string,
  model: EnvironmentModel | undefined,
  ownExclude: readonly string[] = [],
  extra: Pick<LoadOptions, 'maxFileBytes' | 'repositoryUrls'> = {},
): Promise<Repository> {
  return loadRepositoryAt(root, loadOptionsOf(model, ownExclude, extra));
}

/** The load options `loadRepositoryWith` uses (for shells that walk or load in steps). */
export function loadOptionsOf(
  model: EnvironmentModel | undefined,
  ownExclude: readonly string[] = [],
  extra: Pick<LoadOptions, 'maxFileBytes' | 'repositoryUrls'> = {},
): LoadOptions {
  const options = model ? repositoryOptions(model) : {};
  return { ...options, ...extra, exclude: [...(options.exclude ?? []), ...ownExclude] };
}

/** For tools that need a model: the repository and its model, or one line saying what is missing. */
export async function openModelRepository(
  root: string,
  options: ModelOptions = {},
): Promise<{ model: EnvironmentModel; repo: Repository }> {
  const model = await readEnvironmentModel(root, options);
  return { model, repo: await loadRepositoryWith(root, model) };
}

/** The repository model of `root`, walked as its environment model says when it has one (tools that do not need environments). */
export async function openRepository(root: string): Promise<Repository> {
  return loadRepositoryWith(root, await readOptionalEnvironmentModel(root));
}
