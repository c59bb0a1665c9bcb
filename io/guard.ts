/**
 * The guard as its shells run it (the CLI, the action, npm start, the tests): read the
 * environment model, env-guard's settings and the ledger they name from disk, load the
 * repository through the Node.js file system as the model says, run the core.
 */
import { realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import {
  DEFAULT_GUARD_SETTINGS,
  guardConfig,
  parseGuardConfig,
  parseLedger,
  runGuard,
  type GuardConfig,
  type GuardOptions,
  type GuardReport,
  type Ledger,
} from '../src/guard/index.js';
import { ConfigurationError, UserError } from '../src/lib/errors.js';
import { isLocalSource, type LoadOptions, type Repository } from '../src/repo/index.js';
import { displayPath, readConfigFile, readOptionalConfigFile } from './config-file.js';
import { loadRepositoryWith, readEnvironmentModel } from './environments.js';
import { remoteUrls } from './git.js';
import { preloadTreeSitter } from '../src/hcl/tree-sitter.js';
import { repositorySubdir } from '../src/repo/sources.js';

export const SETTINGS_FILE = 'env-guard.yaml';

export interface LoadedConfig {
  config: GuardConfig;
  ledger: Ledger | undefined;
  /** The settings file relative to the root (or absolute when outside it); undefined when there is none. */
  configFile: string | undefined;
}

export interface ConfigPaths {
  /** env-guard.yaml; default `<root>/env-guard.yaml` when it exists. */
  config?: string | undefined;
  /** The environment model; default `<root>/environments.yaml`. */
  environments?: string | undefined;
  /** How the user names the options in messages (`--config`/`--environments`, or the action's inputs). */
  configSource?: string;
  environmentsSource?: string;
}

/**
 * Reads the environment model, the settings (optional unless named) and the ledger they name
 * (relative to the settings file). Missing or invalid files are ConfigurationErrors.
 */
export async function readGuardConfig(root: string, paths: ConfigPaths = {}): Promise<LoadedConfig> {
  const model = await readEnvironmentModel(root, {
    path: paths.environments,
    source: paths.environmentsSource ?? '--environments',
  });
  const absConfig = paths.config ? resolve(paths.config) : resolve(root, SETTINGS_FILE);
  const configFile = displayPath(root, absConfig);
  const text = paths.config
    ? await readConfigFile(absConfig, configFile, paths.configSource ?? '--config')
    : await readOptionalConfigFile(absConfig, configFile);
  const settings = text === undefined ? DEFAULT_GUARD_SETTINGS : parseGuardConfig(text, configFile);
  const config = guardConfig(settings, model);
  if (!config.followups) return { config, ledger: undefined, configFile: settings.file };
  const absLedger = resolve(dirname(absConfig), config.followups.ledger);
  const ledgerFile = displayPath(root, absLedger);
  // The settings of a repository name a file of that repository: a pull request that points the
  // ledger at a file of the runner would have the guard read it and quote its values in errors.
  const outside = (await whereIs(root, absConfig)) === 'outside' ? 'inside' : await whereIs(root, absLedger);
  if (outside !== 'inside')
    throw new ConfigurationError(
      `${configFile}: followups.ledger: expected a file inside the repository, got '${config.followups.ledger}'${outside === 'linked outside' ? ' (a symlink to a file outside it)' : ''}`,
    );
  const items = parseLedger(
    await readConfigFile(absLedger, ledgerFile, `${configFile} followups.ledger`),
    ledgerFile,
    config.environments.map((e) => e.name),
  );
  return { config, ledger: { file: ledgerFile, items }, configFile: settings.file };
}

/** Whether `abs` lies inside `root` as named, and once symlinks are resolved (a path that does not exist: as named). */
async function whereIs(root: string, abs: string): Promise<'inside' | 'outside' | 'linked outside'> {
  const within = (dir: string, path: string) => {
    const rel = relative(dir, path);
    return rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
  };
  if (!within(resolve(root), abs)) return 'outside';
  const real = await realpath(abs).catch(() => undefined);
  if (real === undefined) return 'inside';
  return within(await realpath(root).catch(() => resolve(root)), real) ? 'inside' : 'linked outside';
}

export interface GuardRun {
  report: GuardReport;
  repo: Repository;
  configFile: string | undefined;
}

/** What the shells pass to the loader: limits and the repository's own URLs (default: `git remote -v` of the root). */
export type GuardLoadOptions = Pick<LoadOptions, 'maxFileBytes' | 'repositoryUrls'>;

const SIZE_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
};

/** `8MiB`, `512k`, `1048576` → bytes (binary units); `name` is the flag or input in the message. */
export function parseByteSize(name: string, value: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  const unit = SIZE_UNITS[(match?.[2] ?? '').toLowerCase()];
  const bytes = match && unit !== undefined ? Math.floor(Number(match[1]) * unit) : NaN;
  if (!Number.isFinite(bytes) || bytes < 1)
    throw new UserError(`${name}: expected a size such as 8MiB, 512KiB or a number of bytes, got '${value}'`);
  return bytes;
}

/** Loads the model, the settings, the ledger and the repository, then runs the guard. */
export async function guardRoot(
  root: string,
  options: Omit<GuardOptions, 'ledger'> & ConfigPaths & { load?: GuardLoadOptions } = {},
): Promise<GuardRun> {
  const isDirectory = await stat(root).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDirectory) throw new ConfigurationError(`root '${root}' is not a readable directory`);
  // The parser's wasm starts while the configuration is read. It does not reject here: its error
  // reaches its first real use.
  preloadTreeSitter();
  const { config, ledger, configFile } = await readGuardConfig(root, options);
  const load = (repositoryUrls: readonly string[]) =>
    loadRepositoryWith(root, config.model, [], { ...options.load, repositoryUrls });
  const given = options.load?.repositoryUrls;
  let repo = await load(given ?? []);
  // The repository's own URLs (`git remote -v`) change the model only where a module source
  // names one of them: git runs only when a source could, and the repository is loaded again only
  // when one does.
  const remote = given === undefined ? remoteSources(repo) : [];
  if (remote.length > 0) {
    const urls = await remoteUrls(root);
    if (remote.some((source) => repositorySubdir(source, urls))) repo = await load(urls);
  }
  const report = await runGuard(repo, config, { ...options, ledger });
  return { report, repo, configFile };
}

/** The module sources of `repo` that are not local paths, deduplicated. */
function remoteSources(repo: Repository): string[] {
  const sources = new Set<string>();
  for (const dir of repo.dirs.values())
    for (const { source } of dir.moduleCalls) if (source !== undefined && !isLocalSource(source)) sources.add(source);
  return [...sources];
}
