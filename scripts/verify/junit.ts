/**
 * JUnit XML for CI test reporters: one <testsuite> per root, one <testcase> per check;
 * a failed check is a <failure>, a check whose AWS call failed an <error>, a skipped one
 * <skipped>.
 */
import { countResults } from './report.js';
import type { CheckResult } from './types.js';

/**
 * Escapes text for XML 1.0 element content and attribute values, and drops characters
 * XML 1.0 cannot represent at all (C0 controls other than tab/LF/CR, lone surrogates,
 * U+FFFE/U+FFFF).
 */
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- these are exactly the characters XML 1.0 forbids
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

export function escapeXml(text: string): string {
  return text.replace(NOT_XML, '').replace(/[&<>"'\t\n\r]/g, (c) => ENTITIES[c] ?? c);
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

export interface JUnitMeta {
  /** Suite name, e.g. `verify-production`. */
  suite: string;
  /** ISO timestamp of the run. */
  timestamp: string;
  /** Wall-clock time of the run (checks run concurrently); default: the sum of the checks' times. */
  durationMs?: number;
}

export function toJUnitXml(results: readonly CheckResult[], meta: JUnitMeta): string {
  const c = countResults(results);
  const errors = results.filter((r) => r.status === 'fail' && r.callFailed).length;
  const failures = c.failed - errors;
  const time = seconds(meta.durationMs ?? results.reduce((sum, r) => sum + r.durationMs, 0));
  const attrs = (pairs: Record<string, string | number>) =>
    Object.entries(pairs)
      .map(([k, v]) => `${k}="${escapeXml(String(v))}"`)
      .join(' ');
  const counts = { tests: c.total, failures, errors, skipped: c.skipped, time };
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites ${attrs({ name: 'verify', ...counts })}>`];
  lines.push(`  <testsuite ${attrs({ name: meta.suite, ...counts, timestamp: meta.timestamp })}>`);
  for (const r of results) {
    const head = `    <testcase ${attrs({ classname: `${meta.suite}.${r.id}`, name: `${r.id} ${r.resource}`, time: seconds(r.durationMs) })}`;
    if (r.status === 'pass') {
      lines.push(`${head}>`, `      <system-out>${escapeXml(r.reason)}</system-out>`, '    </testcase>');
    } else if (r.status === 'skip') {
      lines.push(`${head}>`, `      <skipped ${attrs({ message: r.reason })}/>`, '    </testcase>');
    } else {
      const tag = r.callFailed ? 'error' : 'failure';
      lines.push(
        `${head}>`,
        `      <${tag} ${attrs({ message: r.reason, type: r.id })}>${escapeXml(r.reason)}</${tag}>`,
        '    </testcase>',
      );
    }
  }
  lines.push('  </testsuite>', '</testsuites>', '');
  return lines.join('\n');
}
