/**
 * Every env-guard rule and follow-up, once: its id, kind, default severity, documentation and
 * check. The runner (guard.ts), the SARIF rules, `guard --help` and the rule tables of the
 * READMEs are all produced from this object, so a rule cannot be run without being documented
 * or documented without being run.
 *
 * Adding a rule: one entry here (the key is its id), its check in src/guard/rules/<id>.ts, its
 * tests; then regenerate the README tables (`npx tsx io/readme-tables.ts`). See docs/architecture.md.
 */
import type { GuardContext } from '../context.js';
import { checkLedger, checkSnapshotIgnoreChanges, checkSnapshotUsername } from '../followups.js';
import type { Finding, FollowupFinding, Severity } from '../types.js';
import { checkMissingBackend, checkSharedBackend } from './backends.js';
import { checkForeignIdentifiers } from './foreign-identifier.js';
import { checkParseErrors } from './parse-error.js';
import { checkPathEscape } from './path-escape.js';
import { checkPlanTimeCode } from './plan-time-code.js';
import { checkRemoteState } from './remote-state.js';
import { checkSnapshotKmsKey } from './snapshot-kms-key.js';

interface RuleDocs {
  /** One line: SARIF `shortDescription`, `--help`, the README tables. */
  summary: string;
  /** What it checks and how to fix it (Markdown): SARIF `help`, the rule's section in the action README. */
  help: string;
}

/** A boundary rule: its findings are violations (errors fail the run). */
export interface ViolationRule extends RuleDocs {
  kind: 'violation';
  defaultSeverity: Severity;
  /** What `--strict` (or `strict: true`) raises the rule to; unset: strict does not change it. */
  strictSeverity?: Severity;
  /** When one of its findings is only a warning whatever the rule's severity (the README's severity column). */
  warningWhen?: string;
  check(ctx: GuardContext): Promise<Finding[]>;
}

/** A follow-up: pending work shown as a checklist; open items fail the run only when strict. */
export interface FollowupRule extends RuleDocs {
  kind: 'followup';
  check(ctx: GuardContext): Promise<FollowupFinding[]>;
}

export const GUARD_RULES = {
  'remote-state-cross-env': {
    kind: 'violation',
    defaultSeverity: 'error',
    warningWhen: 'the state it reads cannot be resolved statically',
    summary: "Reads another environment's Terraform state",
    help: "A `terraform_remote_state` data source (or an `aws_s3_object` lookup of a state file), in a root or in any module the root uses (also module-in-module), resolves to another environment's state: the same S3 bucket and key as that environment's backend, or a local path inside its directory. The configuration is read as Terraform reads it: `.tf` and `.tf.json` files, override files merged in; values are resolved from variable defaults, `terraform.tfvars`/`*.auto.tfvars` (also `.json`), locals and the arguments each caller passes. An `aws_s3_object` lookup whose bucket or key cannot be resolved is a warning. Environments never read each other's state; pass the value in through a variable or a data source of the real resource instead. When the target cannot be resolved statically the guard warns and says why.",
    check: checkRemoteState,
  },
  'path-escape': {
    kind: 'violation',
    defaultSeverity: 'error',
    summary: "Reaches into another environment's directory",
    help: "A module `source`, `file()`, `templatefile()`, `filebase64sha256()`, … , `fileset()` (its pattern too), an `archive_file` `source_dir`/`source_file`, a resource file attribute, a `local_file` data source or a symlink resolves (after `path.module`/`path.root` arithmetic, per module instance and `for_each` key, then through symlinks — a module directory that is a symlink counts too) into another environment's directory. A git / `git::` / GitHub source naming this repository (`--repository-url`, default the `git remote -v` URLs) with a `//subdir` in another environment counts too. A read whose path cannot be resolved statically is a warning that shows the expression. Only `modules/` is shared across the boundary: move the shared file into a module.",
    check: checkPathEscape,
  },
  'shared-backend': {
    kind: 'violation',
    defaultSeverity: 'error',
    warningWhen:
      'the state key is not statically known (a setting missing from the backend and its backend-config files)',
    summary: 'Two roots share one state',
    help: "Two roots resolve to the same state (S3 bucket and key, or the same local path). A root's backend is its `backend` block (override files merged) plus the backend-config files it is initialised with (`terraform init -backend-config=…`): the ones the environment model declares for it, else the `backend.hcl` or single `*.tfbackend` beside it. A backend that cannot be resolved is a warning naming the missing setting and the files looked at. Give every root its own backend key.",
    check: checkSharedBackend,
  },
  'missing-backend': {
    kind: 'violation',
    defaultSeverity: 'error',
    summary: 'Environment root without a backend',
    help: "An environment's directory has Terraform files but no `backend` (or `cloud`) block, so its state would be local and unshared with CI. Add `backend.tf` with the environment's own key.",
    check: checkMissingBackend,
  },
  'foreign-identifier': {
    kind: 'violation',
    defaultSeverity: 'error',
    warningWhen: 'the allow-list entry that covered it has expired',
    summary: "Uses another environment's identifier",
    help: 'A string (literal, interpolation, heredoc, or a value formed by evaluation such as `"phenom-${var.env}"` inside a module the root passes `env = "prod"` to) or a text file under an environment directory (scripts, READMEs, tfvars, JSON, YAML; binary files skipped) contains an identifier that `env-guard.yaml` assigns to another environment — strings read as Terraform reads them (`\\u0070` and other escapes decoded, `.tf.json` too), values derived with string functions (`trimsuffix`, `replace`, `format`, …) from an allow-listed literal included (name prefix, Cognito pool id, bucket, database identifier, account id, other literals). Matches are case-insensitive at word boundaries: `phenom-prod` matches `phenom-prod-db`, not `phenom-production`. Use this environment\'s own resource, or — for a deliberate, documented exception — add an `allowlist` entry with a reason (and an expiry). Inline comments do not silence this rule.',
    check: checkForeignIdentifiers,
  },
  'parse-error': {
    kind: 'violation',
    defaultSeverity: 'error',
    summary: 'File does not parse',
    help: "A configuration file Terraform reads — `.tf`, `.tf.json`, `.tfvars`, `.tfvars.json`, a root's backend-config file — does not parse (HashiCorp's HCL parser, or the JSON syntax mapping, at the line and column it names), or was not parsed at all: binary content (a NUL byte), larger than the size limit (`--max-file-size`, default 8 MiB), or nested deeper than 256 levels of brackets, strings or interpolations. The guard still analyses every other file, but cannot vouch for this one.",
    check: checkParseErrors,
  },
  'plan-time-code': {
    kind: 'violation',
    defaultSeverity: 'warning',
    strictSeverity: 'error',
    summary: 'Runs code or reads files at plan or apply time',
    help: "An `external` data source (runs a program during plan), an `http` data source (fetches a URL during plan), a `local_file` or `local_sensitive_file` data source (reads any file during plan) — also inside `check` blocks — or a `local-exec` / `remote-exec` provisioner (runs a command during apply, in any resource, `terraform_data` and `null_resource` included), in a root or in any module the root uses. Plan and apply run them with that environment's credentials, and what they read is invisible to the other rules, so they can read the other environment's files or state. Each is listed with its program, URL, file or command for review. A warning by default; an error with `--strict`, or per environment in the config.",
    check: checkPlanTimeCode,
  },
  'snapshot-ignore-changes': {
    kind: 'followup',
    summary: 'Restored DB instance lacks ignore_changes on snapshot_identifier',
    help: 'An `aws_db_instance` that a root restores from `snapshot_identifier` (directly or through module variables) needs `lifecycle { ignore_changes = [snapshot_identifier] }`, or a later change of the snapshot argument replaces the database. Reported per root that passes a snapshot.',
    check: checkSnapshotIgnoreChanges,
  },
  'snapshot-username-mismatch': {
    kind: 'followup',
    summary: "Master username differs from the snapshot's",
    help: "The master username passed for an instance restored from a snapshot differs from the snapshot's master user declared in `env-guard.yaml` (`snapshots`); `terraform plan` will want to replace the instance. Pass the snapshot's username. The location is the attribute that sets the value, traced through module variables and locals.",
    check: checkSnapshotUsername,
  },
  'snapshot-kms-key': {
    kind: 'followup',
    summary: "Restored DB instance passes its own KMS key, not the snapshot's",
    help: "An instance restored from a snapshot keeps the snapshot's KMS key (`RestoreDBInstanceFromDBSnapshot` takes no `KmsKeyId`), so when the snapshot is encrypted with another environment's key — the snapshot's `kms_key_owner` in `env-guard.yaml` — and the instance passes a `kms_key_id` of its own, every plan shows `kms_key_id` forcing a replacement. Fix: copy the snapshot with this environment's key (`aws rds copy-db-snapshot --kms-key-id …`) and restore from the copy; until then pass the snapshot's key or add `kms_key_id` to `lifecycle { ignore_changes }`. Resolved when the key belongs to the instance's environment, when no `kms_key_id` is passed, or when changes to it are ignored. Not reported for snapshots without `kms_key_owner`.",
    check: checkSnapshotKmsKey,
  },
  'ledger-followup': {
    kind: 'followup',
    summary: 'Follow-up from the ledger',
    help: "A follow-up recorded in the ledger (`env-guard.followups.yaml`): a manual task keeps the `status` written there; infrastructure debt is resolved once every `resolved_by` resource (type, optional name) exists in the environment's root or a module it uses. Reported with the item's own id.",
    check: checkLedger,
  },
} as const satisfies Record<string, ViolationRule | FollowupRule>;

export type GuardRuleId = keyof typeof GUARD_RULES;
type IdsOfKind<K extends 'violation' | 'followup'> = {
  [Id in GuardRuleId]: (typeof GUARD_RULES)[Id]['kind'] extends K ? Id : never;
}[GuardRuleId];
/** The boundary rules (`Violation.rule`). */
export type RuleId = IdsOfKind<'violation'>;
/** The follow-up rules (`Followup.rule`). */
export type FollowupRuleId = IdsOfKind<'followup'>;

/** Every rule and follow-up in registry order (SARIF rule order, README order). */
export const GUARD_RULE_IDS = Object.keys(GUARD_RULES) as GuardRuleId[];

const isViolationRule = (id: GuardRuleId): id is RuleId => GUARD_RULES[id].kind === 'violation';
export const RULE_IDS: readonly RuleId[] = GUARD_RULE_IDS.filter(isViolationRule);
export const FOLLOWUP_RULE_IDS: readonly FollowupRuleId[] = GUARD_RULE_IDS.filter(
  (id): id is FollowupRuleId => !isViolationRule(id),
);

/** The rule's section in the action README (a GitHub heading anchor), linked from SARIF and the tables. */
export function ruleAnchor(id: GuardRuleId): string {
  return id;
}

/** The registry entry of a rule, whatever its kind. */
export function ruleOf(id: GuardRuleId): ViolationRule | FollowupRule {
  return GUARD_RULES[id];
}

export function violationRule(id: RuleId): ViolationRule {
  return GUARD_RULES[id];
}

export function followupRule(id: FollowupRuleId): FollowupRule {
  return GUARD_RULES[id];
}
