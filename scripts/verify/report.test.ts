import { describe, expect, it } from 'vitest';
import { countResults, formatLine, formatReport } from './report.js';
import type { CheckResult } from './types.js';

const r = (id: string, status: CheckResult['status'], reason: string, resource = 'res'): CheckResult => ({
  id,
  resource,
  status,
  reason,
  durationMs: 1,
});

describe('report', () => {
  it('formats one line per check: STATUS  id  resource  why', () => {
    expect(formatLine(r('rds.engine', 'pass', 'postgres 17.4', 'phenom-prod-postgres'))).toBe(
      'PASS  rds.engine  phenom-prod-postgres  postgres 17.4',
    );
    expect(formatLine(r('s3.encryption', 'fail', 'no default encryption configured'), 20)).toBe(
      'FAIL  s3.encryption         res  no default encryption configured',
    );
  });

  it('aligns the id column and ends with a summary', () => {
    const text = formatReport(
      [
        r('rds.engine', 'pass', 'ok'),
        r('waf.alb-association', 'skip', 'not part of development'),
        r('s3.lifecycle', 'fail', 'bad'),
      ],
      'development',
    );
    expect(text).toBe(
      [
        'PASS  rds.engine           res  ok',
        'SKIP  waf.alb-association  res  not part of development',
        'FAIL  s3.lifecycle         res  bad',
        '',
        'verify development: 3 checks, 1 passed, 1 failed, 1 skipped',
        '',
      ].join('\n'),
    );
  });

  it('counts by status', () => {
    expect(countResults([r('a', 'pass', ''), r('b', 'pass', ''), r('c', 'fail', '')])).toEqual({
      total: 3,
      passed: 2,
      failed: 1,
      skipped: 0,
    });
  });
});
