/**
 * What env-guard reports: boundary violations (fail the pull request), follow-ups (shown
 * as a checklist; fail only with --strict), the environments with their backends, the
 * allow-listed references it saw, and the parity of module inputs across environments.
 * `--format json` prints this shape (minus the internal `key` fields).
 */

import type { FollowupRuleId, RuleId } from './rules/registry.js';

export type { FollowupRuleId, GuardRuleId, RuleId } from './rules/registry.js';
export { RULE_IDS } from './rules/registry.js';

export type Severity = 'error' | 'warning';

export interface Location {
  /** Relative to the guarded root, POSIX separators. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based, UTF-16 code units. */
  column: number;
}

/** A location with the end of what it points at (1-based, end column exclusive as in SARIF). */
export interface Span extends Location {
  endLine: number;
  endColumn: number;
}

export interface Violation extends Span {
  /** See Finding.subject. */
  subject?: string;
  rule: RuleId;
  severity: Severity;
  /** The environment whose boundary is crossed; null for a file no environment owns (e.g. a shared module that does not parse). */
  env: string | null;
  message: string;
  /** Identity without line numbers (stable while code moves): SARIF fingerprints and de-duplication. */
  key: string;
}

/**
 * What a rule's check reports: the runner adds the rule id and the severity (the rule's, or
 * what the environment's policy makes of it). A check sets `severity: 'warning'` only for a
 * finding it cannot be sure of (a value it cannot resolve statically, an expired exception).
 */
export interface Finding extends Location {
  env: string | null;
  message: string;
  key: string;
  severity?: 'warning';
  /** End of the range the finding covers; unset or equal to the start: the runner extends it to the end of the line. */
  endLine?: number;
  endColumn?: number;
  /**
   * The text the finding is about when it is not the source at its range (a value formed by
   * evaluation): allow-list literals are matched against it instead.
   */
  subject?: string;
}

/** What a follow-up check reports; the runner adds `rule`, and `id` when the check leaves it out (the rule's id). */
export interface FollowupFinding extends Location {
  /** A ledger item's id; unset for a follow-up rule over the HCL. */
  id?: string;
  env: string | null;
  status: 'open' | 'resolved';
  message: string;
  /** Where it comes from: a rule over the HCL, or the committed ledger. */
  source: 'rule' | 'ledger';
  key: string;
}

export interface Followup extends FollowupFinding, Span {
  /** The registry entry that reports it (`ledger-followup` for every ledger item). */
  rule: FollowupRuleId;
  /** `snapshot-ignore-changes`, `snapshot-username-mismatch`, or a ledger item's id. */
  id: string;
}

export interface BackendSummary extends Location {
  type: string;
  /** `s3://bucket/key`, `local:environments/x/terraform.tfstate`, …; null when it cannot be resolved statically. */
  state: string | null;
  /** Statically known backend settings (strings, numbers, booleans). */
  settings: Record<string, string | number | boolean | null>;
  /** Why `state` is null. */
  unresolved?: string;
}

export interface EnvironmentSummary {
  name: string;
  /** The directories it owns (none for an environment that only declares identifiers). */
  dirs: string[];
  /** Its roots, each with its backend (null when it has none). */
  roots: { dir: string; backend: BackendSummary | null }[];
  /** Environments that may read it; empty when it is not shared. */
  sharedWith: string[];
  /** Its credentials reach production. */
  production: boolean;
}

export interface AllowlistReport {
  /** What the entry allows (each unset criterion matches anything). */
  literal: string | null;
  rule: RuleId | null;
  path: string | null;
  env: string | null;
  reason: string;
  expires: string | null;
  expired: boolean;
  /** Where the entry is written. */
  file: string;
  line: number;
  /** The findings it allowed (or, once expired, would have allowed), one per place. */
  references: Location[];
}

/** A finding an allow-list entry allows: kept out of the violations, shown with its reason (SARIF: suppressed). */
export interface AllowedViolation extends Violation {
  allowedBy: { reason: string; file: string; line: number; expires: string | null };
}

/** A read of a shared environment by one it names: allowed, listed in every report. */
export interface SharedRead extends Location {
  reader: string;
  shared: string;
  via: string;
  target: string;
}

export interface ParityDifference {
  /** Module address in the roots, e.g. `module.rds`. */
  address: string;
  input: string;
  /** Environment name → value (JSON for known values, the source text for unknown ones, null when not passed). */
  values: Record<string, string | null>;
  /** The reason from the config when this difference is declared deliberate. */
  deliberate: string | null;
  /** True when the values differ only by each environment's own name and identifiers (`phenom-prod-x` vs `phenom-dev-x`). */
  naming: boolean;
}

export interface ParityModule {
  /** Module directory, relative to the root. */
  module: string;
  roots: { root: string; env: string; addresses: string[] }[];
  differences: ParityDifference[];
}

export interface GuardReport {
  /** Findings no allow-list entry allows; error ones fail the run. */
  violations: Violation[];
  /** Findings an allow-list entry allows. */
  allowed: AllowedViolation[];
  followups: Followup[];
  environments: EnvironmentSummary[];
  allowlisted: AllowlistReport[];
  sharedReads: SharedRead[];
  parity: ParityModule[];
  /** Whether open follow-ups fail the run (--strict or `strict: true` in the config). */
  strict: boolean;
}
