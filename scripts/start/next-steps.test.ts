import { describe, expect, it } from 'vitest';
import type { Followup, Violation } from '../../src/guard/index.js';
import { nextSteps } from './next-steps.js';

const followup = (id: string, file: string, line: number, status: Followup['status'] = 'open'): Followup => ({
  id,
  rule: 'ledger-followup',
  env: 'development',
  status,
  message: `${id} message`,
  source: 'ledger',
  key: id,
  file,
  line,
  column: 1,
  endLine: line,
  endColumn: 1,
});

const violation: Violation = {
  rule: 'remote-state-cross-env',
  severity: 'error',
  env: 'production',
  message: 'reads the development state',
  key: 'k',
  file: 'environments/production/main.tf',
  line: 12,
  column: 3,
  endLine: 12,
  endColumn: 3,
};

const reason = { kind: 'file', file: 'x' } as never;

describe("npm start's verdict and next commands", () => {
  it('PASS: which roots to plan, which follow-ups to resolve (resolved ones left out)', () => {
    expect(
      nextSteps({
        violations: [],
        followups: [followup('db-user', 'env-guard.followups.yaml', 6), followup('done', 'a.tf', 1, 'resolved')],
        base: 'main',
        affected: [{ root: 'environments/development', reasons: [reason] }],
        previewFailures: [],
      }),
    ).toEqual({
      verdict: 'PASS: no boundary violation; 1 root to plan, 1 open follow-up.',
      next: [
        'Plan the affected roots with the real provider (needs the plan role; the pull request plans them too):',
        '  npm run --silent infra -- plan --root environments/development',
        'Resolve the open follow-ups (details in section 1; `npm run --silent guard -- --strict` fails while one is open):',
        '  db-user  env-guard.followups.yaml:6',
      ],
    });
  });

  it('FAIL: the violations to fix first; nothing affected; no follow-up left', () => {
    expect(
      nextSteps({ violations: [violation], followups: [], base: 'main', affected: [], previewFailures: [] }),
    ).toEqual({
      verdict: 'FAIL: 1 boundary violation to fix before this change can merge; no root affected, 0 open follow-ups.',
      next: [
        'Fix the boundary violations (section 1), then run npm start again:',
        '  environments/production/main.tf:12  remote-state-cross-env',
        'No root is affected: nothing to plan.',
      ],
    });
  });

  it('INCOMPLETE when the preview failed; no base means the affected roots are unknown; long lists are cut', () => {
    const many = Array.from({ length: 7 }, (_, i) => followup(`f${i}`, 'env-guard.followups.yaml', i + 1));
    const steps = nextSteps({
      violations: [],
      followups: many,
      previewFailures: [{ root: 'environments/production', error: 'terraform init: Error: x' }],
    });
    expect(steps.verdict).toBe(
      'INCOMPLETE: no boundary violation, but the plan preview did not cover every root; affected roots unknown, 7 open follow-ups, 1 preview failed.',
    );
    expect(steps.next.slice(0, 3)).toEqual([
      'Fix the plan of environments/production: terraform init: Error: x',
      'See the affected roots against a base:',
      '  npm start -- --base REF',
    ]);
    expect(steps.next.at(-1)).toBe('  … and 2 more');
  });
});
