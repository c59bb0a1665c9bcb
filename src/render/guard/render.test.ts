import { describe, expect, it } from 'vitest';
import { RULE_IDS, type GuardReport, type Violation } from '../../guard/types.js';
import { annotationCommand, selectAnnotations } from './annotations.js';
import { escapeData, escapeProperty } from '../workflow-command.js';
import { toGuardJson } from './json.js';
import { renderGuardMarkdown } from './markdown.js';
import { cell } from '../markdown-text.js';
import { renderSarif, SARIF_FINGERPRINT } from './sarif.js';
import { renderGuardText } from './text.js';

const violation = (over: Partial<Violation> = {}): Violation => ({
  rule: 'foreign-identifier',
  severity: 'error',
  env: 'development',
  file: 'environments/development/main.tf',
  line: 2,
  column: 11,
  endLine: 2,
  endColumn: 22,
  message: "'phenom-prod-cluster' contains production's name prefix 'phenom-prod'",
  key: 'main.tf|phenom-prod|phenom-prod-cluster',
  ...over,
});

const DOCS = 'https://github.example/o/r/blob/abc/actions/env-guard/README.md';

const report = (): GuardReport => ({
  violations: [
    violation(),
    violation({
      rule: 'remote-state-cross-env',
      severity: 'warning',
      file: 'modules/a b/x,y.tf',
      line: 5,
      column: 5,
      endLine: 7,
      endColumn: 3,
      message: '100% unknown:\r\nsecond line',
      key: 'k2',
    }),
  ],
  allowed: [
    {
      ...violation({
        file: 'environments/development/locals.tf',
        line: 34,
        column: 29,
        endColumn: 49,
        message: "'phenom-prod-postgres-clone-20260620' contains production's database identifier",
        key: 'k3',
      }),
      allowedBy: { reason: 'restored | from snapshot', file: 'env-guard.yaml', line: 11, expires: null },
    },
  ],
  followups: [
    {
      rule: 'snapshot-ignore-changes',
      id: 'snapshot-ignore-changes',
      env: 'development',
      status: 'open',
      file: 'modules/rds/main.tf',
      line: 79,
      column: 1,
      endLine: 79,
      endColumn: 40,
      message: 'add ignore_changes',
      source: 'rule',
      key: 'f1',
    },
    {
      rule: 'ledger-followup',
      id: 'chat-synapse-provisioner',
      env: 'development',
      status: 'open',
      file: 'env-guard.followups.yaml',
      line: 6,
      column: 1,
      endLine: 6,
      endColumn: 30,
      message: 'Re-run the provisioner',
      source: 'ledger',
      key: 'f2',
    },
    {
      rule: 'ledger-followup',
      id: 'iac-waf',
      env: 'production',
      status: 'resolved',
      file: 'modules/waf/main.tf',
      line: 5,
      column: 1,
      endLine: 5,
      endColumn: 30,
      message: 'Codify the WebACL',
      source: 'ledger',
      key: 'f3',
    },
  ],
  environments: [
    {
      name: 'production',
      dirs: ['environments/production'],
      roots: [
        {
          dir: 'environments/production',
          backend: {
            type: 's3',
            file: 'environments/production/backend.tf',
            line: 2,
            column: 3,
            state: 's3://state/production/terraform.tfstate',
            settings: { bucket: 'state', key: 'production/terraform.tfstate' },
          },
        },
      ],
      sharedWith: [],
      production: true,
    },
    {
      name: 'development',
      dirs: ['environments/development'],
      roots: [{ dir: 'environments/development', backend: null }],
      sharedWith: [],
      production: false,
    },
    { name: 'legacy', dirs: [], roots: [], sharedWith: [], production: false },
  ],
  allowlisted: [
    {
      literal: 'phenom-prod-postgres-clone-20260620',
      rule: null,
      path: null,
      env: 'development',
      reason: 'restored | from snapshot',
      expires: null,
      expired: false,
      file: 'env-guard.yaml',
      line: 11,
      references: [{ file: 'environments/development/locals.tf', line: 34, column: 29 }],
    },
  ],
  sharedReads: [
    {
      reader: 'development',
      shared: 'global',
      via: 'data.terraform_remote_state.dns',
      target: 's3://state/global/terraform.tfstate',
      file: 'environments/development/main.tf',
      line: 9,
      column: 3,
    },
  ],
  parity: [
    {
      module: 'modules/rds',
      roots: [
        { root: 'environments/production', env: 'production', addresses: ['module.rds'] },
        { root: 'environments/development', env: 'development', addresses: ['module.rds'] },
      ],
      differences: [
        {
          address: 'module.rds',
          input: 'database_username',
          values: { production: '"phenomprod"', development: '"phenomhabu"' },
          deliberate: null,
          naming: false,
        },
        {
          address: 'module.rds',
          input: 'snapshot_identifier',
          values: { production: null, development: '"snap|1"' },
          deliberate: 'restored <from> prod',
          naming: false,
        },
        {
          address: 'module.rds',
          input: 'identifier',
          values: { production: '"phenom-prod-postgres"', development: '"phenom-dev-postgres"' },
          deliberate: null,
          naming: true,
        },
      ],
    },
  ],
  strict: false,
});

describe('json', () => {
  it('prints the documented shape without internal fields', () => {
    const json = toGuardJson(report(), 1);
    expect(json.violations[0]).toEqual({
      rule: 'foreign-identifier',
      severity: 'error',
      env: 'development',
      file: 'environments/development/main.tf',
      line: 2,
      column: 11,
      endLine: 2,
      endColumn: 22,
      message: "'phenom-prod-cluster' contains production's name prefix 'phenom-prod'",
    });
    expect(json.followups[1]).toEqual({
      id: 'chat-synapse-provisioner',
      env: 'development',
      status: 'open',
      file: 'env-guard.followups.yaml',
      line: 6,
      message: 'Re-run the provisioner',
    });
    expect(json.environments[0]?.roots[0]?.backend?.state).toBe('s3://state/production/terraform.tfstate');
    expect(json.allowed.map((v) => [v.file, v.line, v.allowedBy.reason])).toEqual([
      ['environments/development/locals.tf', 34, 'restored | from snapshot'],
    ]);
    expect(json.sharedReads[0]?.shared).toBe('global');
    expect(json.summary).toEqual({
      errors: 1,
      warnings: 1,
      openFollowups: 2,
      resolvedFollowups: 1,
      strict: false,
      exitCode: 1,
    });
  });
});

describe('text', () => {
  it('lists violations with file:line:column, the follow-up checklist, allow-listed references, backends and parity', () => {
    const text = renderGuardText(report(), 1);
    expect(text.split('\n')[0]).toBe(
      'env-guard: 1 error, 1 warning · 2 open follow-ups (1 resolved) · 1 allow-listed finding',
    );
    expect(text).toContain(
      "  environments/development/main.tf:2:11: error [foreign-identifier] (development) 'phenom-prod-cluster' contains",
    );
    expect(text).toContain('  [ ] snapshot-ignore-changes (development) modules/rds/main.tf:79: add ignore_changes');
    expect(text).toContain('  [x] iac-waf (production) modules/waf/main.tf:5: Codify the WebACL');
    expect(text).toContain(
      "  'phenom-prod-postgres-clone-20260620' · in development (no expiry, env-guard.yaml:11): restored | from snapshot\n    environments/development/locals.tf:34:29",
    );
    expect(text).toContain(
      '  environments/development/main.tf:9:3: development reads global: data.terraform_remote_state.dns → s3://state/global/terraform.tfstate',
    );
    expect(text).toContain('  production (production): environments/production\n');
    expect(text).toContain(`    ${'environments/development'.padEnd(36)} no backend`);
    expect(text).toContain('  legacy: no directory (identifiers only)');
    expect(text).toContain(
      '    module.rds.snapshot_identifier  production=(not passed)  development="snap|1"  [deliberate: restored <from> prod]',
    );
    expect(text).toContain(
      '    module.rds.database_username  production="phenomprod"  development="phenomhabu"  [drift?]',
    );
    expect(text).toContain('    differ only by environment names: module.rds.identifier\n');
    expect(text.trimEnd().split('\n').at(-1)).toBe('FAILED: 1 boundary violation(s)');
    expect(
      renderGuardText({ ...report(), violations: [] }, 0)
        .trimEnd()
        .split('\n')
        .at(-1),
    ).toBe('OK: no boundary violation; 2 open follow-up(s) (use --strict to fail on them)');
  });

  it('keeps every entry on its line: names and strings from the repository cannot start a workflow command', () => {
    const hostile = report();
    hostile.violations.push(
      violation({
        file: 'environments/development/a\n::error file=x::forged\n.tf',
        message: 'red \u001b[31mtext\u2028end',
      }),
    );
    hostile.followups[0]!.message = 'fix it\r\n::stop-commands::token';
    const text = renderGuardText(hostile, 1);
    expect(text.split('\n').filter((line) => line.startsWith('::'))).toEqual([]);
    expect([...text].filter((c) => c === '\r' || c === '\u001b' || c === '\u2028')).toEqual([]);
    expect(text).toContain(
      '  environments/development/a\\n::error file=x::forged\\n.tf:2:11: error [foreign-identifier] (development) red \\u001b[31mtext\\u2028end\n',
    );
    expect(text).toContain('fix it\\r\\n::stop-commands::token\n');
    expect(text).toContain(
      '  modules/a b/x,y.tf:5:5: warning [remote-state-cross-env] (development) 100% unknown:\\r\\nsecond line\n',
    );
  });
});

describe('sarif', () => {
  it('is SARIF 2.1.0 with metadata for every rule and follow-up, violations, allowed findings and open follow-ups as results', () => {
    const sarif = renderSarif(report(), { pathPrefix: 'infra', docsUri: DOCS }) as {
      version: string;
      runs: {
        tool: { driver: { rules: { id: string; helpUri: string; help: { markdown: string } }[] } };
        results: Record<string, unknown>[];
      }[];
    };
    expect(sarif.version).toBe('2.1.0');
    const run = sarif.runs[0]!;
    const ids = run.tool.driver.rules.map((r) => r.id);
    for (const id of [...RULE_IDS, 'snapshot-ignore-changes', 'snapshot-username-mismatch', 'ledger-followup'])
      expect(ids).toContain(id);
    for (const rule of run.tool.driver.rules) expect(rule.helpUri).toBe(`${DOCS}#${rule.id}`);
    expect(run.results.map((r) => [r.ruleId, r.level, r.suppressions])).toEqual([
      ['foreign-identifier', 'error', undefined],
      ['remote-state-cross-env', 'warning', undefined],
      [
        'foreign-identifier',
        'error',
        [
          {
            kind: 'external',
            justification: 'restored | from snapshot',
            properties: { entry: 'env-guard.yaml:11', expires: null },
          },
        ],
      ],
      ['snapshot-ignore-changes', 'note', undefined],
      ['ledger-followup', 'note', undefined],
    ]);
    // Every result has a whole region.
    for (const result of run.results as { locations: { physicalLocation: { region: Record<string, number> } }[] }[])
      expect(Object.keys(result.locations[0]?.physicalLocation.region ?? {}).sort()).toEqual([
        'endColumn',
        'endLine',
        'startColumn',
        'startLine',
      ]);
    const second = run.results[1] as {
      ruleIndex: number;
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: unknown } }[];
    };
    expect(ids[second.ruleIndex]).toBe('remote-state-cross-env');
    expect(second.locations[0]?.physicalLocation.artifactLocation.uri).toBe('infra/modules/a%20b/x,y.tf');
    expect(second.locations[0]?.physicalLocation.region).toEqual({
      startLine: 5,
      startColumn: 5,
      endLine: 7,
      endColumn: 3,
    });
    expect((run.results[4] as { message: { text: string } }).message.text).toBe(
      '[chat-synapse-provisioner] Re-run the provisioner',
    );
  });

  it('fingerprints survive moved lines and tell duplicate findings apart', () => {
    const fp = (r: GuardReport) =>
      (
        renderSarif(r, { docsUri: DOCS }) as { runs: { results: { partialFingerprints: Record<string, string> }[] }[] }
      ).runs[0]!.results.map((x) => x.partialFingerprints[SARIF_FINGERPRINT]);
    const base = fp(report());
    const moved = report();
    moved.violations[0]!.line = 40;
    expect(fp(moved)).toEqual(base);
    const twice = report();
    twice.violations.push({ ...twice.violations[0]!, line: 9 });
    const [first, , , , , dup] = fp(twice);
    expect(first).toBe(base[0]);
    expect(dup).toBeDefined();
    expect(dup).not.toBe(first);
    expect(new Set(base).size).toBe(base.length);
  });
});

describe('github annotations', () => {
  it('escapes data and properties as the workflow-command rules require', () => {
    expect(escapeData('100% a\r\nb')).toBe('100%25 a%0D%0Ab');
    expect(escapeProperty('a:b,c%')).toBe('a%3Ab%2Cc%25');
    const warning = selectAnnotations(report()).annotations.find((a) => a.title.includes('remote-state-cross-env'));
    expect(annotationCommand(warning!)).toBe(
      '::warning file=modules/a b/x%2Cy.tf,line=5,col=5,title=env-guard remote-state-cross-env (development)::100%25 unknown:%0D%0Asecond line',
    );
  });

  it('annotates changed files first, at most 10 per level, and counts the rest', () => {
    const many = report();
    many.violations = Array.from({ length: 25 }, (_, i) =>
      violation({ file: `f${String(i).padStart(2, '0')}.tf`, key: `k${i}` }),
    );
    const { annotations, omitted, total } = selectAnnotations(many, {
      changedFiles: new Set(['f20.tf', 'f24.tf']),
      pathPrefix: 'repo/sub',
    });
    expect(total).toBe(27);
    expect(omitted).toBe(15);
    expect(annotations.filter((a) => a.level === 'error').map((a) => a.file)).toEqual([
      'repo/sub/f20.tf',
      'repo/sub/f24.tf',
      ...Array.from({ length: 8 }, (_, i) => `repo/sub/f${String(i).padStart(2, '0')}.tf`),
    ]);
    // Open follow-ups are warnings, errors under strict.
    expect(annotations.filter((a) => a.level === 'warning').map((a) => a.title)).toEqual([
      'env-guard follow-up chat-synapse-provisioner (development)',
      'env-guard follow-up snapshot-ignore-changes (development)',
    ]);
    expect(selectAnnotations({ ...many, strict: true }).annotations.filter((a) => a.level === 'error')).toHaveLength(
      10,
    );
  });
});

describe('markdown summary', () => {
  it('shows status, every violation, the checklist, the allow-list, backends and parity, with safe cells', () => {
    const md = renderGuardMarkdown(report(), 1, {
      changedFiles: new Set(['environments/development/main.tf']),
      annotated: { shown: 4, omitted: 2 },
    });
    expect(md.startsWith('## env-guard: ❌ 1 boundary violation\n')).toBe(true);
    expect(md).toContain('4 annotated (files changed in this pull request first), 2 more listed only here.');
    expect(md).toContain(
      "| ❌ error | `foreign-identifier` | development | `environments/development/main.tf:2:11` ✏️ | 'phenom-prod-cluster' contains",
    );
    expect(md).toContain(
      '| ⚠️ warning | `remote-state-cross-env` | development | `modules/a b/x,y.tf:5:5` | 100% unknown: second line |',
    );
    expect(md).toContain(
      '- [ ] **snapshot-ignore-changes** (development) — add ignore_changes — `modules/rds/main.tf:79`',
    );
    expect(md).toContain('- [x] **iac-waf** (production)');
    expect(md).toContain(
      "| 'phenom-prod-postgres-clone-20260620' · in development | restored \\| from snapshot | — | `env-guard.yaml:11` | `environments/development/locals.tf:34` |",
    );
    expect(md).toContain(
      '| development | global | data.terraform_remote_state.dns | `s3://state/global/terraform.tfstate` | `environments/development/main.tf:9:3` |',
    );
    expect(md).toContain('| development | `environments/development` | ❌ none | — |');
    expect(md).toContain('| legacy | _identifiers only_ | — | — |');
    expect(md).toContain(
      '| `modules/rds` | `module.rds.database_username` | `"phenomprod"` | `"phenomhabu"` | **drift?** |',
    );
    expect(md).toContain(
      '| `modules/rds` | `module.rds.snapshot_identifier` | _not passed_ | `"snap\\|1"` | deliberate: restored &lt;from&gt; prod |',
    );
    expect(md).toContain(
      "Inputs that differ only by each environment's own name and identifiers: `module.rds.identifier`.",
    );
    expect(md).not.toContain('| `module.rds.identifier` |');
    expect(cell('a|b\n<c>&')).toBe('a\\|b &lt;c&gt;&amp;');
  });

  it('stays within the size budget and says how many rows it left out', () => {
    const big = report();
    big.violations = Array.from({ length: 5000 }, (_, i) => violation({ line: i + 1, key: `k${i}` }));
    const md = renderGuardMarkdown(big, 1, { maxBytes: 100_000 });
    expect(Buffer.byteLength(md)).toBeLessThan(100_000);
    expect(md).toMatch(/… \d+ violations more not shown here \(size limit\); see the SARIF or JSON report\./);
    expect(renderGuardMarkdown(big, 1).length).toBeLessThan(1_048_576);
  });
});
