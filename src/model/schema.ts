/**
 * The environment model (`environments.yaml`): every environment of the repository declared
 * once — its roots, the identifiers that belong to it, who may read it, the GitHub environment
 * and repository variables that plan and apply it, its rule severities and the verification
 * checks that apply to it — plus which files the tools read at all. Every tool reads it through
 * `parseEnvironmentModel` (the text; shells read the file): env-guard, `infra`, `verify`,
 * `npm start` and the workflow consistency check.
 *
 * Validated with zod (unknown keys are errors) and cross-checked here, where the file alone
 * decides: duplicate names, an identifier owned by two environments, an identifier that can
 * match nothing sensible, a directory declared by two environments, shared readers and role
 * variables that do not add up. What needs the repository (globs matching nothing, a glob
 * match inside another environment) is checked by `resolveModel`.
 */
import picomatch from 'picomatch';
import { boundedGlob } from '../lib/glob.js';
import { z } from 'zod';
import { formatKeyPath, parseYamlConfig, type KeyPath } from '../lib/yaml-config.js';

export type Severity = 'error' | 'warning';

const nonEmpty = z.string().trim().min(1);
const severity = z.enum(['error', 'warning']);
const rules = z.record(z.string().regex(/^[a-z][a-z0-9-]*$/, { message: 'expected a rule id' }), severity);

const relativePath = z
  .string()
  .trim()
  .min(1)
  .refine((p) => !p.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(p) && !p.split('/').includes('..'), {
    message: 'expected a path relative to the repository root, without ..',
  })
  .transform((p) => p.replace(/\/+$/, '').replace(/^\.\/(?=.)/, '') || '.');

/** A glob over repository-relative paths; a pattern without `/` matches a name at any depth (like .gitignore). */
const pathGlob = relativePath.superRefine(boundedGlob);

const RootEntrySchema = z.union([
  pathGlob,
  z.strictObject({
    path: pathGlob,
    /** Files `terraform init -backend-config=FILE` reads, relative to the root. */
    backend_config: z.array(nonEmpty).default([]),
  }),
]);

/** Identifier lists, each with the kind named in messages. */
export const IDENTIFIER_KINDS = {
  prefixes: 'name prefix',
  cognito_pool_ids: 'Cognito user pool id',
  buckets: 'bucket',
  database_identifiers: 'database identifier',
  account_ids: 'account id',
  literals: 'identifier',
} as const;
export type IdentifierKind = keyof typeof IDENTIFIER_KINDS;

const identifierList = z.array(nonEmpty).default([]);
const IdentifiersSchema = z
  .strictObject({
    /** Name prefixes of this environment's resources (`phenom-prod`). Matched at word boundaries. */
    prefixes: identifierList,
    cognito_pool_ids: identifierList,
    buckets: identifierList,
    database_identifiers: identifierList,
    account_ids: z.array(z.string().regex(/^\d{12}$/, { message: 'expected a 12-digit AWS account id' })).default([]),
    /** Any other literal that belongs to this environment (cluster names, host names, endpoints). */
    literals: identifierList,
  })
  .default({
    prefixes: [],
    cognito_pool_ids: [],
    buckets: [],
    database_identifiers: [],
    account_ids: [],
    literals: [],
  });

const variableName = z.string().regex(/^(?!GITHUB_)[A-Za-z_][A-Za-z0-9_]*$/, {
  message: 'expected a GitHub variable name (letters, digits, _; not starting with a digit or GITHUB_)',
});

const GithubSchema = z.strictObject({
  /** The GitHub environment whose protection rules gate this environment's applies. */
  environment: nonEmpty,
  /** Applies run in ascending order; environments with the same number apply side by side. */
  apply_order: z.number().int().min(1),
  /** Repository variables holding the role ARNs the plan (read-only) and apply jobs assume. */
  plan_role_var: variableName,
  apply_role_var: variableName,
  /** Repository variable holding the root inputs as JSON (written to ci.auto.tfvars.json). */
  tfvars_var: variableName.optional(),
});

const EnvironmentSchema = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9_-]*$/, { message: 'expected a lower-case name (a-z, 0-9, - or _)' }),
  /** Root directories or globs (repository-relative); a directory owns everything below it. */
  roots: z.array(RootEntrySchema).default([]),
  identifiers: IdentifiersSchema,
  /** Environments that may read this one's state and files (a `global`/`shared` root). */
  shared_with: z.array(nonEmpty).default([]),
  /** Its credentials reach production: plans of its roots run with production roles. */
  production: z.boolean().default(false),
  github: GithubSchema.optional(),
  /** Rule severities in this environment (rule id → error | warning), over the rules' defaults. */
  rules: rules.default({}),
  /** The environment-specific verification checks that apply here; absent: `verify` does not run here. */
  verify: z.array(nonEmpty).optional(),
});

const ModelSchema = z.strictObject({
  version: z.literal(1),
  environments: z.array(EnvironmentSchema).min(1, { message: 'expected at least one environment' }),
  files: z
    .strictObject({
      /** When given, only files matching one of these are read. */
      include: z.array(pathGlob).default([]),
      /** Added to .git, node_modules, .terraform and .terragrunt-cache: matching directories and files are never read. */
      exclude: z.array(pathGlob).default([]),
    })
    .default({ include: [], exclude: [] }),
  /** Files that no environment owns and no root uses (old examples, tooling): their findings' severities. */
  outside: z.strictObject({ rules: rules.default({}) }).default({ rules: {} }),
});

type RawModel = z.output<typeof ModelSchema>;
type RawEnvironment = RawModel['environments'][number];

export interface RootEntry {
  /** Directory or glob, repository-relative, normalised (no trailing `/`). */
  pattern: string;
  glob: boolean;
  backendConfig: string[];
  /** Key path in the file (`environments[0].roots[1]`), for messages. */
  keyPath: KeyPath;
  line: number;
  column: number;
}

export type Identifiers = Record<IdentifierKind, string[]>;

export interface GithubSettings {
  environment: string;
  applyOrder: number;
  planRoleVar: string;
  applyRoleVar: string;
  tfvarsVar?: string;
}

export interface ModelEnvironment {
  name: string;
  roots: RootEntry[];
  identifiers: Identifiers;
  /** Environments that may read this one; empty when it is not shared. */
  sharedWith: string[];
  production: boolean;
  github?: GithubSettings;
  rules: Readonly<Record<string, Severity>>;
  verify?: string[];
  /** Index in the file. */
  index: number;
  line: number;
}

export interface EnvironmentModel {
  /** The file as named in messages. */
  file: string;
  environments: ModelEnvironment[];
  files: { include: string[]; exclude: string[] };
  outside: { rules: Readonly<Record<string, Severity>> };
  lineOf(path: KeyPath): number | undefined;
  /** A ConfigurationError `file: <key path>: message (line N)`. */
  error(path: KeyPath, message: string): Error;
}

/** Outside every environment, a file that does not parse is a warning unless configured (old examples). */
const OUTSIDE_DEFAULTS: Record<string, Severity> = { 'parse-error': 'warning' };

export const isGlob = (pattern: string): boolean => picomatch.scan(pattern).isGlob;

/** Parses and validates the model's text; `label` names the file in messages. */
export function parseEnvironmentModel(text: string, label: string): EnvironmentModel {
  const parsed = parseYamlConfig(ModelSchema, text, label);
  const raw = parsed.value;
  const environments = raw.environments.map((env, index) => toEnvironment(env, index, parsed.positionOf));
  const model: EnvironmentModel = {
    file: label,
    environments,
    files: raw.files,
    outside: { rules: { ...OUTSIDE_DEFAULTS, ...raw.outside.rules } },
    lineOf: parsed.lineOf,
    error: parsed.error,
  };
  crossCheck(model);
  return model;
}

function toEnvironment(
  env: RawEnvironment,
  index: number,
  positionOf: (path: KeyPath) => { line: number; column: number } | undefined,
): ModelEnvironment {
  const roots = env.roots.map((entry, i): RootEntry => {
    const pattern = typeof entry === 'string' ? entry : entry.path;
    const keyPath = ['environments', index, 'roots', i];
    return {
      pattern,
      glob: isGlob(pattern),
      backendConfig: typeof entry === 'string' ? [] : entry.backend_config,
      keyPath,
      ...(positionOf(keyPath) ?? { line: 1, column: 1 }),
    };
  });
  const github = env.github;
  return {
    name: env.name,
    roots,
    identifiers: env.identifiers,
    sharedWith: env.shared_with,
    production: env.production,
    ...(github
      ? {
          github: {
            environment: github.environment,
            applyOrder: github.apply_order,
            planRoleVar: github.plan_role_var,
            applyRoleVar: github.apply_role_var,
            ...(github.tfvars_var ? { tfvarsVar: github.tfvars_var } : {}),
          },
        }
      : {}),
    rules: env.rules,
    ...(env.verify ? { verify: env.verify } : {}),
    index,
    line: positionOf(['environments', index])?.line ?? 1,
  };
}

/** True when `path` is `dir` or below it (repository-relative; `.` is the whole repository). */
function within(path: string, dir: string): boolean {
  return dir === '.' || path === dir || path.startsWith(`${dir}/`);
}

function crossCheck(model: EnvironmentModel): void {
  const { environments } = model;
  const names = environments.map((e) => e.name);
  const expected = `expected one of: ${names.join(', ')}`;
  const identifierOwner = new Map<string, { env: ModelEnvironment; path: KeyPath }>();
  const literalRoots: { env: ModelEnvironment; entry: RootEntry }[] = [];
  for (const env of environments) {
    const at = (...rest: PropertyKey[]) => ['environments', env.index, ...rest];
    if (names.indexOf(env.name) !== env.index)
      throw model.error(at('name'), `duplicate environment name '${env.name}'`);

    for (const [kind, values] of Object.entries(env.identifiers) as [IdentifierKind, string[]][]) {
      values.forEach((value, i) => {
        const path = at('identifiers', kind, i);
        if (!/[A-Za-z0-9]/.test(value))
          throw model.error(path, `'${value}' has no letter or digit, so it would match text of every environment`);
        const key = value.toLowerCase();
        const owner = identifierOwner.get(key);
        if (owner && owner.env !== env)
          throw model.error(
            path,
            `'${value}' is also an identifier of ${owner.env.name} (${formatKeyPath(owner.path)}); an identifier belongs to one environment`,
          );
        if (!owner) identifierOwner.set(key, { env, path });
      });
    }

    env.sharedWith.forEach((reader, i) => {
      if (!names.includes(reader))
        throw model.error(at('shared_with', i), `'${reader}' is not a declared environment (${expected})`);
      if (reader === env.name) throw model.error(at('shared_with', i), 'an environment always reads itself');
    });

    for (const entry of env.roots) {
      if (entry.glob && entry.backendConfig.length > 0)
        throw model.error(
          [...entry.keyPath, 'backend_config'],
          `'${entry.pattern}' is a glob: backend_config needs the one root directory it initialises (a backend.hcl or single *.tfbackend beside each root is found without it)`,
        );
      if (entry.glob) continue;
      for (const other of literalRoots) {
        if (other.env === env) continue;
        if (within(entry.pattern, other.entry.pattern) || within(other.entry.pattern, entry.pattern))
          throw model.error(
            entry.keyPath,
            `'${entry.pattern}' overlaps ${other.env.name}'s root '${other.entry.pattern}' (${formatKeyPath(other.entry.keyPath)}); a directory belongs to one environment`,
          );
      }
      literalRoots.push({ env, entry });
    }
  }

  // A role variable reaching production must never plan or apply a non-production environment.
  const roleVars = new Map<string, { env: ModelEnvironment; key: string }>();
  for (const env of environments) {
    if (!env.github) continue;
    for (const [key, name] of [
      ['plan_role_var', env.github.planRoleVar],
      ['apply_role_var', env.github.applyRoleVar],
    ] as const) {
      const other = roleVars.get(name);
      if (other && other.env !== env && other.env.production !== env.production)
        throw model.error(
          ['environments', env.index, 'github', key],
          `'${name}' is also the ${other.key} of ${other.env.name}, which is ${other.env.production ? '' : 'not '}a production environment; production and non-production environments never share a role`,
        );
      if (!other) roleVars.set(name, { env, key });
    }
  }
}
