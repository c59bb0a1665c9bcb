import { describe, expect, it } from 'vitest';
import { escapeXml, toJUnitXml } from './junit.js';
import type { CheckResult } from './types.js';

describe('escapeXml', () => {
  it('escapes the five XML special characters', () => {
    expect(escapeXml(`a<b>&"c"'d'`)).toBe('a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;');
  });

  it('does not double-escape and keeps line breaks as character references', () => {
    expect(escapeXml('&amp;')).toBe('&amp;amp;');
    expect(escapeXml('one\ntwo\tthree\r')).toBe('one&#10;two&#9;three&#13;');
  });

  it('drops characters XML 1.0 cannot carry and keeps valid astral characters', () => {
    expect(escapeXml('bell\u0007 nul\u0000 esc\u001b ok')).toBe('bell nul esc ok');
    expect(escapeXml('lone \uD800 high, lone \uDC00 low, \uFFFE')).toBe('lone  high, lone  low, ');
    expect(escapeXml('emoji 😀 é ✓')).toBe('emoji 😀 é ✓');
  });
});

const result = (over: Partial<CheckResult>): CheckResult => ({
  id: 'rds.engine',
  resource: 'phenom-prod-postgres',
  status: 'pass',
  reason: 'postgres 17.4',
  durationMs: 12,
  ...over,
});

describe('toJUnitXml', () => {
  const results: CheckResult[] = [
    result({}),
    result({
      id: 'rds.private',
      status: 'fail',
      reason: 'PubliclyAccessible is true (expected false)',
      durationMs: 1500,
    }),
    result({
      id: 'waf.alb-association',
      resource: 'phenom-dev-alb',
      status: 'skip',
      reason: 'waf_web_acl_arn is null: not part of development',
    }),
    result({
      id: 'lambda.runtime',
      resource: 'fn',
      status: 'fail',
      callFailed: true,
      reason: 'GetFunctionConfiguration failed for fn: Function not found: <fn> & "x"',
    }),
  ];
  const xml = toJUnitXml(results, { suite: 'verify-production', timestamp: '2026-11-27T06:00:00.000Z' });

  it('counts tests, failures, errors (failed AWS calls) and skips on the suite', () => {
    expect(xml).toContain('<testsuites name="verify" tests="4" failures="1" errors="1" skipped="1" time="1.536">');
    expect(xml).toContain(
      '<testsuite name="verify-production" tests="4" failures="1" errors="1" skipped="1" time="1.536" timestamp="2026-11-27T06:00:00.000Z">',
    );
  });

  it('writes one testcase per check with the right child element', () => {
    expect(xml.match(/<testcase /g)).toHaveLength(4);
    expect(xml).toContain(
      '<testcase classname="verify-production.rds.engine" name="rds.engine phenom-prod-postgres" time="0.012">\n      <system-out>postgres 17.4</system-out>',
    );
    expect(xml).toContain(
      '<failure message="PubliclyAccessible is true (expected false)" type="rds.private">PubliclyAccessible is true (expected false)</failure>',
    );
    expect(xml).toContain('<skipped message="waf_web_acl_arn is null: not part of development"/>');
    expect(xml).toContain(
      '<error message="GetFunctionConfiguration failed for fn: Function not found: &lt;fn&gt; &amp; &quot;x&quot;" type="lambda.runtime">GetFunctionConfiguration failed for fn: Function not found: &lt;fn&gt; &amp; &quot;x&quot;</error>',
    );
  });

  it('uses the wall-clock time of the run for the suite when given', () => {
    expect(toJUnitXml(results, { suite: 's', timestamp: 't', durationMs: 250 })).toContain(
      '<testsuites name="verify" tests="4" failures="1" errors="1" skipped="1" time="0.250">',
    );
  });

  it('starts with the XML declaration and closes every element it opens', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
    expect(xml.trimEnd().endsWith('</testsuite>\n</testsuites>')).toBe(true);
    expect(xml.match(/<testcase /g)?.length).toBe(xml.match(/<\/testcase>/g)?.length);
  });
});
