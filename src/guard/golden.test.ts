/**
 * The guard's reports are byte-identical to the ones a fixed earlier revision produced: every
 * report of the attack cases (attacks.test.ts) and of the fixture cases (rules.test.ts) is
 * compared with test/fixtures/guard-golden/reports.json, and every fixture directory under
 * test/fixtures/guard is run as the CLI's JSON output. The golden file is written only by
 * test/golden/capture-guard-reports.sh, which runs this file in capture mode against a checkout
 * of that revision (its commit is in the file); a case added since then has no golden entry and
 * is only checked by its own assertions.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { guardRoot } from '../../io/guard.js';
import { fixtureCopy, GUARD_FIXTURES } from '../../test/helpers/guard-fixtures.js';
import { renderGuardJson } from '../render/guard/json.js';
import { guardExitCode } from './guard.js';
import type * as GuardFixtures from '../../test/helpers/guard-fixtures.js';
import type * as GuardMemory from '../../test/helpers/guard-memory.js';
import type { GuardReport } from './types.js';

const GOLDEN_FILE = resolve(import.meta.dirname, '../../test/fixtures/guard-golden/reports.json');
/** Set by the capture script only: the path to write the reports to instead of comparing. */
const CAPTURE = process.env.PHENOM_GOLDEN_CAPTURE;

interface Golden {
  revision: string;
  reports: Record<string, string>;
}

const golden: Golden | undefined = CAPTURE ? undefined : (JSON.parse(readFileSync(GOLDEN_FILE, 'utf8')) as Golden);
const captured: Record<string, string> = {};
const calls = new Map<string, number>();

/** The report as text, the temporary directory a fixture was copied to replaced by `<root>`. */
function canonical(report: GuardReport, root?: string): string {
  const text = JSON.stringify(report, null, 1);
  return root ? text.split(JSON.stringify(root).slice(1, -1)).join('<root>') : text;
}

function check(kind: string, report: GuardReport, root?: string): void {
  const test = expect.getState().currentTestName ?? '?';
  const n = (calls.get(test) ?? 0) + 1;
  calls.set(test, n);
  const key = `${kind} ${test} #${n}`;
  const text = canonical(report, root);
  if (CAPTURE) captured[key] = text;
  else if (golden?.reports[key] !== undefined) expect(text, key).toBe(golden.reports[key]);
}

vi.mock('../../test/helpers/guard-memory.js', async (importOriginal) => {
  const actual = await importOriginal<typeof GuardMemory>();
  return {
    ...actual,
    guardMemory: async (...args: Parameters<typeof actual.guardMemory>) => {
      const report = await actual.guardMemory(...args);
      check('memory', report);
      return report;
    },
  };
});

vi.mock('../../test/helpers/guard-fixtures.js', async (importOriginal) => {
  const actual = await importOriginal<typeof GuardFixtures>();
  return {
    ...actual,
    guardFixture: async (...args: Parameters<typeof actual.guardFixture>) => {
      const result = await actual.guardFixture(...args);
      check('fixture', result.report, result.root);
      return result;
    },
  };
});

await import('./attacks.test.js');
await import('./rules.test.js');

describe('every guard fixture, as the CLI prints it in JSON', () => {
  const names = readdirSync(GUARD_FIXTURES, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  it.each(names)('%s', async (name) => {
    const root = await fixtureCopy(name);
    const { report } = await guardRoot(root, { now: new Date('2026-07-01T00:00:00Z'), load: { repositoryUrls: [] } });
    const text = renderGuardJson(report, guardExitCode(report)).split(root).join('<root>');
    const key = `cli ${name}`;
    if (CAPTURE) captured[key] = text;
    else expect(text, key).toBe(golden?.reports[key]);
  });
});

afterAll(() => {
  if (!CAPTURE) return;
  const revision = process.env.PHENOM_GOLDEN_REVISION ?? 'unknown';
  const sorted = Object.fromEntries(Object.entries(captured).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(CAPTURE, `${JSON.stringify({ revision, reports: sorted }, null, 1)}\n`);
});
