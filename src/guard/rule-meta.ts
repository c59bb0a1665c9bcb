import type { RuleMeta } from './types.js';

/** Rule and follow-up descriptions, shown as the SARIF rules (code scanning). */
export const RULE_META: readonly RuleMeta[] = [
  {
    id: 'remote-state-cross-env',
    short: "Reads another environment's Terraform state",
    help: "A `terraform_remote_state` data source (or an `aws_s3_object` lookup of a state file), in a root or in any module the root uses, resolves to another environment's state: the same S3 bucket and key as that environment's backend, or a local path inside its directory. Environments never read each other's state; pass the value in through a variable or a data source of the real resource instead. When the target cannot be resolved statically the guard warns and says why.",
    defaultSeverity: 'error',
  },
  {
    id: 'path-escape',
    short: "Reaches into another environment's directory",
    help: "A module `source`, `file()`, `templatefile()`, `filebase64sha256()`, `fileset()`, an `archive_file` `source_dir`/`source_file`, a resource file attribute or a symlink resolves (after `path.module`/`path.root` arithmetic) into another environment's directory. Only `modules/` is shared across the boundary: move the shared file into a module.",
    defaultSeverity: 'error',
  },
  {
    id: 'shared-backend',
    short: 'Two roots share one state',
    help: 'Two roots resolve to the same state (S3 bucket and key, or the same local path). Give every root its own backend key.',
    defaultSeverity: 'error',
  },
  {
    id: 'missing-backend',
    short: 'Environment root without a backend',
    help: "An environment's directory has Terraform files but no `backend` (or `cloud`) block, so its state would be local and unshared with CI. Add `backend.tf` with the environment's own key.",
    defaultSeverity: 'error',
  },
  {
    id: 'foreign-identifier',
    short: "Uses another environment's identifier",
    help: "A string (literal, interpolation, heredoc, or a value a root passes into a module) or a text file under an environment directory contains an identifier that `env-guard.yaml` assigns to another environment (name prefix, Cognito pool id, bucket, database identifier, account id). Use this environment's own resource, or — for a deliberate, documented exception — add an `allowlist` entry with a reason (and an expiry). Inline comments do not silence this rule.",
    defaultSeverity: 'error',
  },
  {
    id: 'parse-error',
    short: 'File does not parse',
    help: "HashiCorp's HCL parser rejects the file. The guard still analyses every other file, but cannot vouch for this one.",
    defaultSeverity: 'error',
  },
  {
    id: 'snapshot-ignore-changes',
    short: 'Restored DB instance lacks ignore_changes on snapshot_identifier',
    help: 'An `aws_db_instance` restored from `snapshot_identifier` needs `lifecycle { ignore_changes = [snapshot_identifier] }`, or a later change of the snapshot argument replaces the database.',
    defaultSeverity: 'note',
  },
  {
    id: 'snapshot-username-mismatch',
    short: "Master username differs from the snapshot's",
    help: "The master username passed for an instance restored from a snapshot differs from the snapshot's master user declared in `env-guard.yaml` (`snapshots`); `terraform plan` will want to replace the instance. Pass the snapshot's username.",
    defaultSeverity: 'note',
  },
  {
    id: 'ledger-followup',
    short: 'Follow-up from the ledger',
    help: 'A follow-up recorded in the ledger (`env-guard.followups.yaml`): a manual task, or infrastructure that is resolved once the named resource exists in the named root.',
    defaultSeverity: 'note',
  },
];
