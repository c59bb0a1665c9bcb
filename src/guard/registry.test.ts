/**
 * The rule registry drives the runner: every finding carries the id of the entry whose check
 * produced it, and its severity comes from the entry, the strict flag or a per-environment
 * override — never from the check (which can only mark a finding as a mere warning).
 */
import { describe, expect, it } from 'vitest';
import { ruleSeverity } from './guard.js';
import { FOLLOWUP_RULE_IDS, GUARD_RULE_IDS, GUARD_RULES, RULE_IDS } from './rules/registry.js';
import { guardFixture } from '../../test/helpers/guard-fixtures.js';

describe('the rule registry', () => {
  it('lists every boundary rule and follow-up once, in registry order', () => {
    expect(GUARD_RULE_IDS).toEqual([...RULE_IDS, ...FOLLOWUP_RULE_IDS]);
    expect(new Set(GUARD_RULE_IDS).size).toBe(GUARD_RULE_IDS.length);
    for (const id of GUARD_RULE_IDS) {
      const rule = GUARD_RULES[id];
      expect(rule.summary.length, id).toBeGreaterThan(0);
      expect(rule.summary, id).not.toMatch(/\n|\.$/);
      expect(rule.help.length, id).toBeGreaterThan(rule.summary.length);
    }
  });

  it('stamps each finding with the id of the rule that found it', async () => {
    const { report } = await guardFixture('backends');
    const rules = new Set(report.violations.map((v) => v.rule));
    expect([...rules].sort()).toEqual(['missing-backend', 'shared-backend']);
    const { report: followups } = await guardFixture('followups');
    for (const f of followups.followups) expect(f.rule).toBe(f.source === 'ledger' ? 'ledger-followup' : f.id);
  });
});

describe('severity', () => {
  it('is the override for the environment, else the strict severity when strict, else the default', () => {
    const none = { strict: false, overrides: {} };
    expect(ruleSeverity('path-escape', 'development', none)).toBe('error');
    const lowered = { strict: false, overrides: { development: { 'path-escape': 'warning' as const } } };
    expect(ruleSeverity('path-escape', 'development', lowered)).toBe('warning');
    expect(ruleSeverity('path-escape', 'production', lowered)).toBe('error');
    expect(ruleSeverity('path-escape', null, lowered)).toBe('error');
    // No rule of today has a strict severity: strict leaves the default.
    expect(ruleSeverity('path-escape', 'development', { strict: true, overrides: {} })).toBe('error');
  });

  it('an override changes what the checks report in that environment only; unsure findings stay warnings', async () => {
    const base = await guardFixture('remote-state');
    const severities = (r: typeof base.report) =>
      r.violations.map((v) => `${v.env ?? '-'} ${v.rule} ${v.severity}`).sort();
    expect(severities(base.report)).toContain('development remote-state-cross-env warning');
    const lowered = await guardFixture(
      'remote-state',
      {},
      { severityOverrides: { development: { 'remote-state-cross-env': 'warning' } } },
    );
    expect(lowered.report.violations.length).toBe(base.report.violations.length);
    expect(lowered.report.violations.filter((v) => v.env === 'development').map((v) => v.severity)).not.toContain(
      'error',
    );
    const raised = await guardFixture(
      'remote-state',
      {},
      { severityOverrides: { development: { 'remote-state-cross-env': 'error' } } },
    );
    expect(severities(raised.report)).toEqual(severities(base.report));
  });
});
