/**
 * SARIF 2.1.0 for GitHub code scanning: one run, rule metadata for every rule and
 * follow-up, boundary violations as error/warning results, open follow-ups as notes.
 * `partialFingerprints` are computed from the finding's identity without line numbers,
 * so code scanning keeps tracking an alert when code above it moves, and closes it once
 * the finding disappears (a resolved follow-up is not a result).
 */
import { createHash } from 'node:crypto';
import { GUARD_RULE_IDS, ruleOf, type GuardRuleId } from '../../guard/rules/registry.js';
import type { GuardReport } from '../../guard/types.js';
import { maskReport } from './mask.js';

/** Position of every rule in the SARIF `rules` array: total by construction (every id is in the registry). */
const RULE_INDEX = Object.fromEntries(GUARD_RULE_IDS.map((id, i) => [id, i])) as Record<GuardRuleId, number>;

export const SARIF_FINGERPRINT = 'envGuardFindingHash/v1';

export interface SarifOptions {
  /** Repository-relative directory of the guarded root ('' for the repository root). */
  pathPrefix?: string;
  toolVersion?: string;
  informationUri?: string;
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: 'error' | 'warning' | 'note';
  message: { text: string };
  locations: {
    physicalLocation: {
      artifactLocation: { uri: string; uriBaseId: string };
      region: { startLine: number; startColumn: number };
    };
  }[];
  partialFingerprints: Record<string, string>;
  properties: { environment: string | null; kind: 'violation' | 'follow-up'; followupId?: string };
}

export function renderSarif(unmasked: GuardReport, options: SarifOptions = {}): Record<string, unknown> {
  const report = maskReport(unmasked);
  const prefix = options.pathPrefix ? `${options.pathPrefix.replace(/\/$/, '')}/` : '';
  const seen = new Map<string, number>();
  const fingerprint = (identity: string) => {
    const n = seen.get(identity) ?? 0;
    seen.set(identity, n + 1);
    return createHash('sha256').update(`${identity}\0${n}`).digest('hex');
  };
  const location = (file: string, line: number, column: number) => [
    {
      physicalLocation: {
        artifactLocation: { uri: encodeURI(prefix + file), uriBaseId: '%SRCROOT%' },
        region: { startLine: line, startColumn: column },
      },
    },
  ];
  const results: SarifResult[] = [
    ...report.violations.map((v) => ({
      ruleId: v.rule,
      ruleIndex: RULE_INDEX[v.rule],
      level: v.severity,
      message: { text: v.message },
      locations: location(v.file, v.line, v.column),
      partialFingerprints: { [SARIF_FINGERPRINT]: fingerprint(`${v.rule}\0${v.env ?? ''}\0${v.key}`) },
      properties: { environment: v.env, kind: 'violation' as const },
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
          locations: location(f.file, f.line, f.column),
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
