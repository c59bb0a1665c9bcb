/**
 * SARIF 2.1.0 for GitHub code scanning: one run, rule metadata for every rule and
 * follow-up (each with `helpUri`, its section of the action README), boundary violations as
 * error/warning results, allow-listed findings as results with an external suppression that
 * carries the entry's reason (code scanning shows them as dismissed, with why), open
 * follow-ups as notes. Every result has a full region (start and end). `partialFingerprints`
 * are computed from the finding's identity without line numbers, so code scanning keeps
 * tracking an alert when code above it moves, and closes it once the finding disappears (a
 * resolved follow-up is not a result).
 */
import { GUARD_RULE_IDS, ruleAnchor, ruleOf, type GuardRuleId } from '../../guard/rules/registry.js';
import type { GuardReport, Span, Violation } from '../../guard/types.js';
import { maskReport } from './mask.js';

/** Position of every rule in the SARIF `rules` array: total by construction (every id is in the registry). */
const RULE_INDEX = Object.fromEntries(GUARD_RULE_IDS.map((id, i) => [id, i])) as Record<GuardRuleId, number>;

export const SARIF_FINGERPRINT = 'envGuardFindingHash/v1';

export interface SarifOptions {
  /** Repository-relative directory of the guarded root ('' for the repository root). */
  pathPrefix?: string;
  toolVersion?: string;
  informationUri?: string;
  /** Absolute URI of the action README (io/guard-docs.ts); each rule's `helpUri` is its section there. */
  docsUri: string;
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: 'error' | 'warning' | 'note';
  message: { text: string };
  locations: {
    physicalLocation: {
      artifactLocation: { uri: string; uriBaseId: string };
      region: { startLine: number; startColumn: number; endLine: number; endColumn: number };
    };
  }[];
  partialFingerprints: Record<string, string>;
  suppressions?: {
    kind: 'external';
    justification: string;
    properties: { entry: string; expires: string | null };
  }[];
  properties: { environment: string | null; kind: 'violation' | 'follow-up'; followupId?: string };
}

export function renderSarif(unmasked: GuardReport, options: SarifOptions): Record<string, unknown> {
  const report = maskReport(unmasked);
  const prefix = options.pathPrefix ? `${options.pathPrefix.replace(/\/$/, '')}/` : '';
  const seen = new Map<string, number>();
  // Loaded here, not imported: node:crypto is a dozen of Node's own modules that only SARIF
  // needs, and every other output of the guard starts without them.
  const { createHash } = process.getBuiltinModule('node:crypto');
  const fingerprint = (identity: string) => {
    const n = seen.get(identity) ?? 0;
    seen.set(identity, n + 1);
    return createHash('sha256').update(`${identity}\0${n}`).digest('hex');
  };
  const location = (at: Span) => [
    {
      physicalLocation: {
        artifactLocation: { uri: encodeURI(prefix + at.file), uriBaseId: '%SRCROOT%' },
        region: { startLine: at.line, startColumn: at.column, endLine: at.endLine, endColumn: at.endColumn },
      },
    },
  ];
  const violation = (v: Violation): SarifResult => ({
    ruleId: v.rule,
    ruleIndex: RULE_INDEX[v.rule],
    level: v.severity,
    message: { text: v.message },
    locations: location(v),
    partialFingerprints: { [SARIF_FINGERPRINT]: fingerprint(`${v.rule}\0${v.env ?? ''}\0${v.key}`) },
    properties: { environment: v.env, kind: 'violation' as const },
  });
  const docs = options.docsUri;
  const results: SarifResult[] = [
    ...report.violations.map(violation),
    ...report.allowed.map((v) => ({
      ...violation(v),
      suppressions: [
        {
          kind: 'external' as const,
          justification: v.allowedBy.reason,
          properties: { entry: `${v.allowedBy.file}:${v.allowedBy.line}`, expires: v.allowedBy.expires },
        },
      ],
    })),
    ...report.followups
      .filter((f) => f.status === 'open')
      .map((f) => {
        const ruleId = f.rule;
        return {
          ruleId,
          ruleIndex: RULE_INDEX[ruleId],
          level: 'note' as const,
          message: { text: f.source === 'ledger' ? `[${f.id}] ${f.message}` : f.message },
          locations: location(f),
          partialFingerprints: { [SARIF_FINGERPRINT]: fingerprint(`${ruleId}\0${f.env ?? ''}\0${f.key}`) },
          properties: { environment: f.env, kind: 'follow-up' as const, followupId: f.id },
        };
      }),
  ];
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'env-guard',
            ...(options.toolVersion ? { semanticVersion: options.toolVersion } : {}),
            ...(options.informationUri ? { informationUri: options.informationUri } : {}),
            rules: GUARD_RULE_IDS.map((id) => {
              const rule = ruleOf(id);
              return {
                id,
                name: id.replace(/(^|-)([a-z])/g, (_m: string, _d: string, c: string) => c.toUpperCase()),
                shortDescription: { text: rule.summary },
                helpUri: `${docs}#${ruleAnchor(id)}`,
                fullDescription: { text: rule.help.replace(/`/g, '') },
                help: { text: rule.help.replace(/`/g, ''), markdown: rule.help },
                defaultConfiguration: { level: rule.kind === 'violation' ? rule.defaultSeverity : 'note' },
                properties: {
                  tags:
                    rule.kind === 'followup'
                      ? ['terraform', 'follow-up']
                      : ['terraform', 'security', 'environment-boundary'],
                  precision: 'high',
                },
              };
            }),
          },
        },
        automationDetails: { id: 'env-guard/' },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}
