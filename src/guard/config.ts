/**
 * env-guard's settings, beside the environment model (environments.yaml, src/model):
 * - `env-guard.yaml` (optional): the allow-list of exceptions, snapshots, deliberate parity
 *   differences, the follow-up ledger and `strict`;
 * - the follow-up ledger it references (`env-guard.followups.yaml`).
 * Both are validated with zod through the project's one YAML formatter (src/lib/yaml-config.ts):
 * unknown keys and wrong types are errors naming the file, the key path and the line. The parse
 * functions take the text; the shells read the files (io/guard.ts).
 */
import { z } from 'zod';
import { ConfigurationError } from '../lib/errors.js';
import { boundedGlob } from '../lib/glob.js';
import { parseYamlConfig, type KeyPath } from '../lib/yaml-config.js';
import type { EnvironmentModel, ModelEnvironment } from '../model/index.js';
import { RULE_IDS, type RuleId } from './rules/registry.js';

const nonEmpty = z.string().trim().min(1);
const relativeDir = z
  .string()
  .trim()
  .min(1)
  .refine((p) => !p.startsWith('/') && !p.split('/').includes('..'), {
    message: 'expected a directory relative to the root, without ..',
  })
  .transform((p) => p.replace(/\/+$/, ''));

const AllowSchema = z
  .strictObject({
    /** Allows findings about this literal (word-boundary match, case-insensitive). */
    literal: nonEmpty.optional(),
    /** Allows findings of this rule. */
    rule: nonEmpty.optional(),
    /** Allows findings in files matching this glob (repository-relative). */
    path: nonEmpty.superRefine(boundedGlob).optional(),
    /** Only in this environment. */
    environment: nonEmpty.optional(),
    reason: nonEmpty,
    /** The last day the exception holds (UTC); after it the entry is an error. */
    expires: z.iso.date({ message: 'expected a date YYYY-MM-DD' }).optional(),
  })
  .refine((entry) => entry.literal !== undefined || entry.rule !== undefined || entry.path !== undefined, {
    message: 'expected at least one of literal, rule or path (what the entry allows)',
  });

const SnapshotSchema = z.strictObject({
  identifier: nonEmpty,
  master_username: nonEmpty,
  /** The environment the snapshot was taken from. */
  environment: nonEmpty.optional(),
  /** The environment whose KMS key encrypts the snapshot (snapshot-kms-key). */
  kms_key_owner: nonEmpty.optional(),
});

const DeliberateSchema = z.strictObject({
  module: relativeDir,
  input: nonEmpty,
  reason: nonEmpty,
});

const SettingsSchema = z.strictObject({
  version: z.literal(1),
  /** Kept only to say where environments went (environments.yaml). */
  environments: z.unknown().optional(),
  allowlist: z.array(AllowSchema).default([]),
  snapshots: z.array(SnapshotSchema).default([]),
  parity: z.strictObject({ deliberate: z.array(DeliberateSchema).default([]) }).default({ deliberate: [] }),
  followups: z.strictObject({ ledger: nonEmpty }).optional(),
  strict: z.boolean().default(false),
});

type RawSettings = z.output<typeof SettingsSchema>;

export interface AllowEntry {
  literal?: string;
  rule?: RuleId;
  path?: string;
  environment?: string;
  reason: string;
  expires?: string;
  /** Where the entry is written (for its own findings: expired, matched nothing). */
  file: string;
  line: number;
  column: number;
  index: number;
}

export interface GuardSettings {
  /** The settings file as named in messages; undefined when the repository has none. */
  file: string | undefined;
  allowlist: AllowEntry[];
  snapshots: RawSettings['snapshots'];
  parity: RawSettings['parity'];
  followups: RawSettings['followups'];
  strict: boolean;
}

/** What the guard runs with: its settings and the environment model. */
export interface GuardConfig extends GuardSettings {
  model: EnvironmentModel;
  /** The model's environments (identifiers, shared readers, rule severities). */
  environments: ModelEnvironment[];
}

export type EnvironmentConfig = ModelEnvironment;

/** The settings of a repository without env-guard.yaml. */
export const DEFAULT_GUARD_SETTINGS: GuardSettings = {
  file: undefined,
  allowlist: [],
  snapshots: [],
  parity: { deliberate: [] },
  followups: undefined,
  strict: false,
};

interface Checked {
  error(path: KeyPath, message: string): ConfigurationError;
}
const checkedFiles = new WeakMap<GuardSettings, Checked>();

/** Parses and validates env-guard.yaml's text; `label` names the file in messages. */
export function parseGuardConfig(text: string, label: string): GuardSettings {
  const parsed = parseYamlConfig(SettingsSchema, text, label);
  const raw = parsed.value;
  if (raw.environments !== undefined)
    throw parsed.error(
      ['environments'],
      'environments are declared once, in the environment model (environments.yaml), for every tool; move them there (see actions/env-guard/README.md)',
    );
  const allowlist = raw.allowlist.map((entry, index): AllowEntry => {
    if (entry.rule !== undefined && !(RULE_IDS as readonly string[]).includes(entry.rule))
      throw parsed.error(
        ['allowlist', index, 'rule'],
        `'${entry.rule}' is not a boundary rule (expected one of: ${RULE_IDS.join(', ')})`,
      );
    return {
      ...(entry.literal !== undefined ? { literal: entry.literal } : {}),
      ...(entry.rule !== undefined ? { rule: entry.rule as RuleId } : {}),
      ...(entry.path !== undefined ? { path: entry.path } : {}),
      ...(entry.environment !== undefined ? { environment: entry.environment } : {}),
      reason: entry.reason,
      ...(entry.expires !== undefined ? { expires: entry.expires } : {}),
      file: label,
      ...(parsed.positionOf(['allowlist', index]) ?? { line: 1, column: 1 }),
      index,
    };
  });
  const settings: GuardSettings = {
    file: label,
    allowlist,
    snapshots: raw.snapshots,
    parity: raw.parity,
    followups: raw.followups,
    strict: raw.strict,
  };
  checkedFiles.set(settings, { error: parsed.error });
  return settings;
}

/**
 * The guard's configuration: settings checked against the model (environment names the
 * allow-list and snapshots use, rule ids of per-environment severities).
 */
export function guardConfig(settings: GuardSettings, model: EnvironmentModel): GuardConfig {
  const names = model.environments.map((e) => e.name);
  const expected = `expected one of: ${names.join(', ')}`;
  const fail = (path: KeyPath, message: string) =>
    checkedFiles.get(settings)?.error(path, message) ?? new ConfigurationError(`${settings.file ?? '?'}: ${message}`);
  settings.allowlist.forEach((entry, i) => {
    if (entry.environment !== undefined && !names.includes(entry.environment))
      throw fail(['allowlist', i, 'environment'], `'${entry.environment}' is not a declared environment (${expected})`);
  });
  settings.snapshots.forEach((snapshot, i) => {
    for (const field of ['environment', 'kms_key_owner'] as const) {
      const value = snapshot[field];
      if (value !== undefined && !names.includes(value))
        throw fail(['snapshots', i, field], `'${value}' is not a declared environment (${expected})`);
    }
  });
  const known = RULE_IDS as readonly string[];
  const checkRules = (rules: Readonly<Record<string, unknown>>, path: PropertyKey[]) => {
    for (const id of Object.keys(rules))
      if (!known.includes(id))
        throw model.error([...path, id], `'${id}' is not a boundary rule (expected one of: ${RULE_IDS.join(', ')})`);
  };
  for (const env of model.environments) checkRules(env.rules, ['environments', env.index, 'rules']);
  checkRules(model.outside.rules, ['outside', 'rules']);
  return { ...settings, model, environments: model.environments };
}

const LedgerItemSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, { message: 'expected a kebab-case id' }),
    environment: nonEmpty,
    title: nonEmpty,
    details: z.string().optional(),
    /** For manual items: whether it was done. */
    status: z.enum(['open', 'resolved']).optional(),
    /** For IaC debt: resolved once every listed resource exists in the environment's root (or a module it uses). */
    resolved_by: z
      .array(z.strictObject({ type: nonEmpty, name: nonEmpty.optional() }))
      .min(1)
      .optional(),
  })
  .refine((item) => (item.status === undefined) !== (item.resolved_by === undefined), {
    message: 'expected exactly one of status (manual item) or resolved_by (resolved by code)',
  });

const LedgerSchema = z.strictObject({ version: z.literal(1), followups: z.array(LedgerItemSchema) });

export type LedgerItem = z.infer<typeof LedgerItemSchema> & { line: number };

export interface Ledger {
  /** Path of the ledger relative to the guarded root (as reported in follow-ups). */
  file: string;
  items: LedgerItem[];
}

/** Parses and validates the ledger text; environments must be ones the model declares. */
export function parseLedger(text: string, label: string, environments: readonly string[]): LedgerItem[] {
  const parsed = parseYamlConfig(LedgerSchema, text, label);
  const ids = parsed.value.followups.map((f) => f.id);
  return parsed.value.followups.map((item, i) => {
    if (ids.indexOf(item.id) !== i) throw parsed.error(['followups', i, 'id'], `duplicate id '${item.id}'`);
    if (!environments.includes(item.environment))
      throw parsed.error(
        ['followups', i, 'environment'],
        `'${item.environment}' is not a declared environment (expected one of: ${environments.join(', ')})`,
      );
    return { ...item, line: parsed.lineOf(['followups', i]) ?? 1 };
  });
}
