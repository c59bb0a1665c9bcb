/**
 * The guard as its shells run it (the CLI, the action, npm start, the tests): read the config
 * and its ledger from disk, load the repository through the Node.js file system, run the core.
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import {
  parseGuardConfig,
  parseLedger,
  runGuard,
  type GuardConfig,
  type GuardOptions,
  type GuardReport,
  type Ledger,
} from '../src/guard/index.js';
import { ConfigurationError, UserError } from '../src/lib/errors.js';
import type { LoadOptions, Repository } from '../src/repo/index.js';
import { remoteUrls } from './git.js';
import { loadRepositoryAt } from './node-fs.js';

export interface LoadedConfig {
  config: GuardConfig;
  ledger: Ledger | undefined;
  /** The config's path relative to the root (or absolute when outside it). */
  configFile: string;
}

/**
 * Reads the config (default `<root>/env-guard.yaml`) and the ledger it names (relative to
 * the config's directory). Missing or invalid files are ConfigurationErrors.
 */
export async function readGuardConfig(
  root: string,
  configPath?: string,
  configSource = '--config',
): Promise<LoadedConfig> {
  const absConfig = configPath ? resolve(configPath) : resolve(root, 'env-guard.yaml');
  const configFile = displayPath(root, absConfig);
  const config = parseGuardConfig(
    await readConfigFile(absConfig, configFile, configPath ? configSource : `the root (pass ${configSource})`),
    configFile,
  );
  if (!config.followups) return { config, ledger: undefined, configFile };
  const absLedger = resolve(dirname(absConfig), config.followups.ledger);
  const ledgerFile = displayPath(root, absLedger);
  const items = parseLedger(
    await readConfigFile(absLedger, ledgerFile, `${configFile} followups.ledger`),
    ledgerFile,
    config.environments.map((e) => e.name),
  );
  return { config, ledger: { file: ledgerFile, items }, configFile };
}

async function readConfigFile(abs: string, label: string, where: string): Promise<string> {
  try {
    return await readFile(abs, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigurationError(
      code === 'ENOENT'
        ? `${label}: not found (named by ${where})`
        : `${label}: cannot be read (${code ?? 'unknown error'})`,
      { cause: error },
    );
  }
}

function displayPath(root: string, abs: string): string {
  const rel = relative(resolve(root), abs).split('\\').join('/');
  return rel.startsWith('../') || isAbsolute(rel) ? abs : rel;
}

export interface GuardRun {
  report: GuardReport;
  repo: Repository;
  configFile: string;
}

/** What the shells pass to the loader: limits and the repository's own URLs (default: `git remote -v` of the root). */
export type GuardLoadOptions = Pick<LoadOptions, 'maxFileBytes' | 'backendConfig' | 'repositoryUrls'>;

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

/** Loads the config (default `<root>/env-guard.yaml`), its ledger and the repository, then runs the guard. */
export async function guardRoot(
  root: string,
  options: Omit<GuardOptions, 'ledger' | 'configFile'> & {
    config?: string | undefined;
    /** How the user names the config option in messages. */ configSource?: string;
    load?: GuardLoadOptions;
  } = {},
): Promise<GuardRun> {
  const isDirectory = await stat(root).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDirectory) throw new ConfigurationError(`root '${root}' is not a readable directory`);
  const { config, ledger, configFile } = await readGuardConfig(root, options.config, options.configSource);
  const repositoryUrls = options.load?.repositoryUrls ?? (await remoteUrls(root));
  const repo = await loadRepositoryAt(root, { ...options.load, repositoryUrls });
  const report = await runGuard(repo, config, { ...options, ledger, configFile });
  return { report, repo, configFile };
}
