/**
 * The `checkov` stage's pure part: checkov's JSON report → findings, the baseline file →
 * accepted entries, and the comparison of the two (new findings fail, stale entries fail so
 * the baseline stays short). No process or file I/O here; scripts/checkov-check.ts runs
 * checkov and prints.
 */
import { isAbsolute, relative } from 'node:path';
import picomatch from 'picomatch';
import { z } from 'zod';
import { validate } from '../../modules/shared-functions/src/zod-issues.js';
import { ConfigurationError } from '../../src/lib/errors.js';
import { parseYamlConfig } from '../../src/lib/yaml-config.js';

export interface CheckovFinding {
  check: string;
  name: string;
  /**
   * Resource address inside its module: `aws_s3_bucket.this`, `aws_secretsmanager_secret.this["key"]`.
   * A root's scan names module resources `module.x.aws_…`; the `module.…` prefix is dropped
   * because `file` already says which module it is.
   */
  resource: string;
  /** Repository-relative POSIX path. */
  file: string;
  line: number;
  guideline?: string;
}

export interface BaselineEntry {
  check: string;
  /** Exact resource address, or a pattern where `*` matches any run of characters (`?` one). */
  resource: string;
  /** Repository-relative path, or a pattern where `*` matches any run of characters (`?` one). */
  file: string;
  reason: string;
}

export interface Comparison {
  /** Findings no baseline entry accepts: the stage fails on these. */
  unaccepted: CheckovFinding[];
  /** Findings a baseline entry accepts, with that entry. */
  accepted: { finding: CheckovFinding; entry: BaselineEntry }[];
  /** Entries that accept no finding any more: remove them (the stage fails on these too). */
  stale: BaselineEntry[];
}

const BaselineFile = z.strictObject({
  version: z.literal(1),
  accepted: z.array(
    z.strictObject({
      check: z.string().regex(/^CKV2?_[A-Z0-9]+_\d+$/, 'a checkov check id such as CKV_AWS_18'),
      resource: z.string().min(1),
      file: z.string().min(1),
      reason: z
        .string()
        .trim()
        .min(10, 'a one-line reason of at least 10 characters')
        .refine((r) => !r.includes('\n'), 'one line'),
    }),
  ),
});

/** Parses and validates `.checkov.baseline.yaml`; every problem names the file and the entry. */
export function parseBaseline(text: string, path: string): BaselineEntry[] {
  const baseline = parseYamlConfig(BaselineFile, text, path);
  const seen = new Set<string>();
  for (const [index, entry] of baseline.value.accepted.entries()) {
    const key = `${entry.check}|${entry.resource}|${entry.file}`;
    if (seen.has(key))
      throw baseline.error(['accepted', index], `duplicate entry ${entry.check} ${entry.resource} ${entry.file}`);
    seen.add(key);
  }
  return baseline.value.accepted;
}

const FailedCheck = z.object({
  check_id: z.string(),
  check_name: z.string(),
  resource: z.string(),
  file_abs_path: z.string(),
  file_line_range: z.tuple([z.number(), z.number()]),
  guideline: z.string().nullish(),
});

const Report = z.object({
  check_type: z.string(),
  results: z.object({ failed_checks: z.array(FailedCheck).optional() }),
});

const MODULE_PREFIX = /^(module\.[A-Za-z0-9_-]+(\[[^\]]*\])?\.)+/;

/** checkov prints a bare summary object when a directory has nothing to check. */
const EmptyReport = z.object({ passed: z.number(), failed: z.number() });

/**
 * Findings of one checkov JSON report (`-o json`: one report object, or a list of them with
 * several frameworks). Paths become relative to `repoRoot`.
 */
export function parseCheckovReport(json: unknown, repoRoot: string, source = 'checkov output'): CheckovFinding[] {
  const reports = Array.isArray(json) ? json : [json];
  const findings: CheckovFinding[] = [];
  for (const item of reports) {
    if (EmptyReport.safeParse(item).success) continue;
    const parsed = validate(Report, item);
    if (!parsed.ok) throw new ConfigurationError(`${source}: unexpected checkov JSON: ${parsed.message}`);
    for (const check of parsed.value.results.failed_checks ?? []) {
      const rel = isAbsolute(check.file_abs_path) ? relative(repoRoot, check.file_abs_path) : check.file_abs_path;
      findings.push({
        check: check.check_id,
        name: check.check_name,
        resource: check.resource.replace(MODULE_PREFIX, ''),
        file: rel.split('\\').join('/'),
        line: check.file_line_range[0],
        ...(check.guideline ? { guideline: check.guideline } : {}),
      });
    }
  }
  return findings;
}

/**
 * One finding per check, resource and file: a module resource is reported by the scan of
 * modules/ and again through every root that calls the module.
 */
export function dedupeFindings(findings: CheckovFinding[]): CheckovFinding[] {
  const byKey = new Map<string, CheckovFinding>();
  for (const finding of findings) {
    const key = `${finding.check}|${finding.resource}|${finding.file}`;
    if (!byKey.has(key)) byKey.set(key, finding);
  }
  return [...byKey.values()].sort((a, b) =>
    a.file === b.file ? a.line - b.line || cmp(a.check, b.check) : cmp(a.file, b.file),
  );
}

export function compareWithBaseline(findings: CheckovFinding[], baseline: BaselineEntry[]): Comparison {
  const matchers = baseline.map((entry) => ({
    entry,
    resource: pattern(entry.resource),
    file: pattern(entry.file),
    used: false,
  }));
  const unaccepted: CheckovFinding[] = [];
  const accepted: Comparison['accepted'] = [];
  for (const finding of dedupeFindings(findings)) {
    const match = matchers.find(
      (m) => m.entry.check === finding.check && m.resource.test(finding.resource) && m.file.test(finding.file),
    );
    if (match) {
      match.used = true;
      accepted.push({ finding, entry: match.entry });
    } else {
      unaccepted.push(finding);
    }
  }
  return { unaccepted, accepted, stale: matchers.filter((m) => !m.used).map((m) => m.entry) };
}

/**
 * A baseline pattern: `*` matches any run of characters, `/` included (a for_each key may hold
 * one), `?` one character; brackets are literal, as in a resource address's `["key"]`, and
 * braces, extglobs and a leading `!` mean nothing.
 */
const PATTERN_OPTIONS: picomatch.PicomatchOptions = {
  bash: true,
  dot: true,
  literalBrackets: true,
  nobrace: true,
  nobracket: true,
  noextglob: true,
  nonegate: true,
};

function pattern(text: string): { test(value: string): boolean } {
  const matches = picomatch(text, PATTERN_OPTIONS);
  return { test: (value) => matches(value) };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Human-readable report; the first line says pass or fail. */
export function renderComparison(result: Comparison, baselinePath: string): string {
  const lines: string[] = [];
  const failed = result.unaccepted.length > 0 || result.stale.length > 0;
  lines.push(
    `${failed ? 'FAIL' : 'ok  '} checkov: ${result.unaccepted.length} new finding(s), ${result.stale.length} stale baseline entr${result.stale.length === 1 ? 'y' : 'ies'}, ${result.accepted.length} accepted by ${baselinePath}`,
  );
  for (const f of result.unaccepted) {
    lines.push(`  ${f.file}:${f.line}: [${f.check}] ${f.resource}: ${f.name}`);
    lines.push(
      `      guideline: ${f.guideline ?? `https://www.checkov.io/5.Policy%20Index/terraform.html (${f.check})`}`,
    );
  }
  if (result.unaccepted.length > 0) {
    lines.push(
      `  Fix the code, or accept a finding in ${baselinePath} with {check, resource, file, reason} and a real one-line reason.`,
    );
  }
  for (const entry of result.stale) {
    lines.push(
      `  ${baselinePath}: stale entry ${entry.check} ${entry.resource} (${entry.file}) matches no finding any more: remove it`,
    );
  }
  return `${lines.join('\n')}\n`;
}
