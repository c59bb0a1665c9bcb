import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/lib/errors.js';
import {
  compareWithBaseline,
  parseBaseline,
  parseCheckovReport,
  renderComparison,
  type CheckovFinding,
} from './checkov.js';

const finding = (check: string, resource: string, file: string, line = 1): CheckovFinding => ({
  check,
  name: `name of ${check}`,
  resource,
  file,
  line,
});

describe('parseBaseline', () => {
  it('reads version 1 entries', () => {
    const entries = parseBaseline(
      'version: 1\naccepted:\n  - check: CKV_AWS_18\n    resource: aws_s3_bucket.this\n    file: modules/s3/main.tf\n    reason: Logs go to the central bucket instead.\n',
      'b.yaml',
    );
    expect(entries).toEqual([
      {
        check: 'CKV_AWS_18',
        resource: 'aws_s3_bucket.this',
        file: 'modules/s3/main.tf',
        reason: 'Logs go to the central bucket instead.',
      },
    ]);
  });

  it.each([
    [
      'an unknown key in an entry',
      'version: 1\naccepted:\n  - check: CKV_AWS_18\n    resource: r\n    file: f\n    reason: a real reason here\n    note: x\n',
      /^b\.yaml: accepted\[0\]\.note: unknown key \(expected one of: check, resource, file, reason\) \(line 7\)$/,
    ],
    [
      'an unknown top-level key',
      'version: 1\naccepted: []\nextra: 1\n',
      /^b\.yaml: extra: unknown key \(expected one of: version, accepted\) \(line 3\)$/,
    ],
    [
      'a missing reason',
      'version: 1\naccepted:\n  - check: CKV_AWS_18\n    resource: r\n    file: f\n',
      /^b\.yaml: accepted\[0\]\.reason: is required \(expected string\) \(line 3\)$/,
    ],
    [
      'a token reason',
      'version: 1\naccepted:\n  - check: CKV_AWS_18\n    resource: r\n    file: f\n    reason: ok\n',
      /accepted\[0\]\.reason: a one-line reason of at least 10 characters \(line 6\)$/,
    ],
    [
      'a bad check id',
      'version: 1\naccepted:\n  - check: S3_LOGGING\n    resource: r\n    file: f\n    reason: a real reason here\n',
      /accepted\[0\]\.check: a checkov check id such as CKV_AWS_18, got "S3_LOGGING" \(line 3\)$/,
    ],
    ['a wrong version', 'version: 2\naccepted: []\n', /^b\.yaml: version: expected 1, got 2 \(line 1\)$/],
    ['invalid YAML', 'version: [1\n', /^b\.yaml:2:1: invalid YAML: /],
  ])('rejects %s with a one-line ConfigurationError naming the file', (_label, text, message) => {
    expect(() => parseBaseline(text, 'b.yaml')).toThrow(ConfigurationError);
    expect(() => parseBaseline(text, 'b.yaml')).toThrow(message);
  });

  it('rejects duplicate entries', () => {
    const entry = '  - check: CKV_AWS_18\n    resource: r\n    file: f\n    reason: a real reason here\n';
    expect(() => parseBaseline(`version: 1\naccepted:\n${entry}${entry}`, 'b.yaml')).toThrow(
      'b.yaml: accepted[1]: duplicate entry CKV_AWS_18 r f (line 7)',
    );
  });
});

describe('parseCheckovReport', () => {
  const report = {
    check_type: 'terraform',
    results: {
      failed_checks: [
        {
          check_id: 'CKV_AWS_24',
          check_name: 'No SSH from 0.0.0.0/0',
          resource: 'aws_security_group.open',
          file_abs_path: '/repo/modules/net/main.tf',
          file_line_range: [3, 12],
          guideline: 'https://docs.example/ckv_aws_24',
        },
        {
          check_id: 'CKV_AWS_17',
          check_name: 'RDS not public',
          resource: 'module.db["a"].module.inner.aws_db_instance.this',
          file_abs_path: '/repo/modules/db/main.tf',
          file_line_range: [1, 9],
          guideline: null,
        },
      ],
      passed_checks: [{ check_id: 'CKV_AWS_1' }],
    },
    summary: { passed: 1, failed: 2 },
  };

  it('makes paths repository-relative and drops the module prefix of root scans', () => {
    expect(parseCheckovReport(report, '/repo')).toEqual([
      {
        check: 'CKV_AWS_24',
        name: 'No SSH from 0.0.0.0/0',
        resource: 'aws_security_group.open',
        file: 'modules/net/main.tf',
        line: 3,
        guideline: 'https://docs.example/ckv_aws_24',
      },
      {
        check: 'CKV_AWS_17',
        name: 'RDS not public',
        resource: 'aws_db_instance.this',
        file: 'modules/db/main.tf',
        line: 1,
      },
    ]);
  });

  it('accepts a list of reports and the bare summary checkov prints for an empty directory', () => {
    expect(
      parseCheckovReport([report, { passed: 0, failed: 0, skipped: 0, parsing_errors: 0, resource_count: 0 }], '/repo'),
    ).toHaveLength(2);
  });

  it('rejects JSON that is not a checkov report', () => {
    expect(() => parseCheckovReport({ results: 'nope' }, '/repo', 'checkov output for modules')).toThrow(
      /^checkov output for modules: unexpected checkov JSON/,
    );
  });
});

describe('compareWithBaseline', () => {
  const entry = (check: string, resource: string, file: string) => ({
    check,
    resource,
    file,
    reason: 'a real reason here',
  });

  it('fails new findings, accepts listed ones and reports stale entries', () => {
    const findings = [
      finding('CKV_AWS_18', 'aws_s3_bucket.this', 'modules/s3/main.tf'),
      finding('CKV_AWS_24', 'aws_security_group.open', 'modules/net/main.tf', 4),
    ];
    const result = compareWithBaseline(findings, [
      entry('CKV_AWS_18', 'aws_s3_bucket.this', 'modules/s3/main.tf'),
      entry('CKV_AWS_20', 'aws_s3_bucket.old', 'modules/s3/main.tf'),
    ]);
    expect(result.unaccepted.map((f) => f.check)).toEqual(['CKV_AWS_24']);
    expect(result.accepted.map((a) => a.finding.check)).toEqual(['CKV_AWS_18']);
    expect(result.stale.map((e) => e.resource)).toEqual(['aws_s3_bucket.old']);
  });

  it('matches only the same check, resource and file', () => {
    const result = compareWithBaseline(
      [finding('CKV_AWS_18', 'aws_s3_bucket.this', 'modules/other/main.tf')],
      [entry('CKV_AWS_18', 'aws_s3_bucket.this', 'modules/s3/main.tf')],
    );
    expect(result.unaccepted).toHaveLength(1);
    expect(result.stale).toHaveLength(1);
  });

  it('treats * as a wildcard and every other character literally', () => {
    const findings = [
      finding('CKV2_AWS_57', 'aws_secretsmanager_secret.this["a"]', 'modules/secrets/main.tf'),
      finding('CKV2_AWS_57', 'aws_secretsmanager_secret.thisXa', 'modules/secrets/main.tf'),
      finding('CKV2_AWS_57', 'aws_secretsmanager_secret.this["phenom/db"]', 'modules/secrets/main.tf'),
    ];
    const result = compareWithBaseline(findings, [
      entry('CKV2_AWS_57', 'aws_secretsmanager_secret.this[*]', 'modules/*/main.tf'),
    ]);
    expect(result.accepted.map((a) => a.finding.resource)).toEqual([
      'aws_secretsmanager_secret.this["a"]',
      'aws_secretsmanager_secret.this["phenom/db"]',
    ]);
    expect(result.unaccepted.map((f) => f.resource)).toEqual(['aws_secretsmanager_secret.thisXa']);
  });

  it('counts a module resource reported by several scans once', () => {
    const f = finding('CKV_AWS_18', 'aws_s3_bucket.this', 'modules/s3/main.tf');
    const result = compareWithBaseline([f, { ...f }, { ...f }], []);
    expect(result.unaccepted).toHaveLength(1);
  });

  it('renders check id, resource, file:line and a guideline for every new finding', () => {
    const result = compareWithBaseline(
      [finding('CKV_AWS_24', 'aws_security_group.open', 'modules/net/main.tf', 4)],
      [entry('CKV_AWS_1', 'x', 'y')],
    );
    const text = renderComparison(result, '.checkov.baseline.yaml');
    expect(text.split('\n')[0]).toMatch(/^FAIL checkov: 1 new finding\(s\), 1 stale baseline entry/);
    expect(text).toContain('modules/net/main.tf:4: [CKV_AWS_24] aws_security_group.open: name of CKV_AWS_24');
    expect(text).toContain('guideline: https://www.checkov.io/');
    expect(text).toContain(
      '.checkov.baseline.yaml: stale entry CKV_AWS_1 x (y) matches no finding any more: remove it',
    );
  });

  it('passes when every finding is accepted and no entry is stale', () => {
    const result = compareWithBaseline(
      [finding('CKV_AWS_18', 'aws_s3_bucket.this', 'm.tf')],
      [entry('CKV_AWS_18', 'aws_s3_bucket.this', 'm.tf')],
    );
    expect(renderComparison(result, 'b.yaml')).toMatch(
      /^ok {3}checkov: 0 new finding\(s\), 0 stale baseline entries, 1 accepted by b\.yaml\n$/,
    );
  });
});
