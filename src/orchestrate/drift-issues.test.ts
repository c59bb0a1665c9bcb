import { describe, expect, it } from 'vitest';
import { driftBody, driftMarker, markedRoot, MAX_ISSUE_BODY, planIssueSync, type DriftReport } from './drift-issues.js';

const drift = (root: string, report = '1 to change'): DriftReport => ({
  root,
  name: root.split('/').pop()!,
  status: 'drift',
  report,
});
const clean = (root: string): DriftReport => ({ root, name: root.split('/').pop()!, status: 'clean' });
const issue = (number: number, root: string, body?: string) => ({
  number,
  title: `Drift detected in ${root}`,
  body: body ?? `${driftMarker(root)}\nold`,
});

describe('planIssueSync', () => {
  it('opens an issue for new drift, updates a changed one, closes a clean one, leaves errors alone', () => {
    const reports: DriftReport[] = [
      drift('env/a'),
      drift('env/b'),
      clean('env/c'),
      { root: 'env/d', name: 'd', status: 'error', message: 'lock' },
      clean('env/e'),
    ];
    const actions = planIssueSync(
      reports,
      [issue(7, 'env/b'), issue(8, 'env/c'), issue(9, 'env/d'), { number: 10, title: 'unrelated', body: 'no marker' }],
      'https://run/1',
    );
    expect(actions.map((a) => `${a.kind} ${a.root} ${'number' in a ? a.number : ''}`)).toEqual([
      'create env/a ',
      'update env/b 7',
      'close env/c 8',
    ]);
    expect(actions[0]).toMatchObject({ title: 'Drift detected in env/a', labels: ['drift'] });
  });

  it('does nothing when the open issue already shows the same report', () => {
    const report = drift('env/a');
    expect(
      planIssueSync([report], [{ number: 3, title: 'Drift detected in env/a', body: driftBody(report, 'u') }], 'u'),
    ).toEqual([]);
  });

  it('closes duplicates and keeps the oldest issue', () => {
    const actions = planIssueSync([drift('env/a')], [issue(12, 'env/a'), issue(5, 'env/a')]);
    expect(actions).toEqual([
      { kind: 'close', root: 'env/a', number: 12, comment: 'Duplicate of #5.' },
      expect.objectContaining({ kind: 'update', number: 5 }),
    ]);
  });
});

describe('driftBody', () => {
  it('carries the marker of its root, survives quotes, and stays within the issue size limit', () => {
    const root = 'env/"odd" name';
    const body = driftBody(drift(root, 'x'.repeat(200_000)));
    expect(markedRoot(body)).toBe(root);
    expect(body.length).toBeLessThanOrEqual(MAX_ISSUE_BODY);
    expect(body).toContain('report truncated');
  });
});
