import { describe, expect, it } from 'vitest';
import { runChecks } from './runner.js';
import { fail, pass, type Check, type Outcome } from './types.js';

/** A fake clock: sleeping advances time instantly. */
function fakeClock() {
  let t = 0;
  return { now: () => t, sleep: (ms: number) => ((t += ms), Promise.resolve()), slept: () => t };
}

/** A check that answers with the given outcomes in turn (the last one repeats). */
function scripted(id: string, outcomes: Outcome[], transient: boolean): Check & { runs: () => number } {
  let runs = 0;
  return {
    id,
    resource: 'r',
    ...(transient ? { transient: true as const } : {}),
    run: () => Promise.resolve(outcomes[Math.min(runs++, outcomes.length - 1)] as Outcome),
    runs: () => runs,
  };
}

describe('runChecks', () => {
  it('keeps the order of the checks in the results', async () => {
    const checks = ['a', 'b', 'c', 'd'].map((id) => scripted(id, [pass(id)], false));
    expect((await runChecks(checks, { concurrency: 2 })).map((r) => `${r.id}:${r.reason}`)).toEqual([
      'a:a',
      'b:b',
      'c:c',
      'd:d',
    ]);
  });

  it('without a wait, runs each check once', async () => {
    const rollout = scripted('ecs.service-stable', [fail('running 1 of desired 2'), pass('stable')], true);
    const results = await runChecks([rollout], { clock: fakeClock() });
    expect(results[0]).toMatchObject({ status: 'fail', reason: 'running 1 of desired 2' });
    expect(rollout.runs()).toBe(1);
  });

  it('with a wait, re-runs failing transient checks until they pass', async () => {
    const clock = fakeClock();
    const rollout = scripted(
      'ecs.service-stable',
      [fail('running 0 of desired 2'), fail('running 1 of desired 2'), pass('stable')],
      true,
    );
    const rds = scripted('rds.private', [fail('PubliclyAccessible is true (expected false)')], false);
    const rounds: string[][] = [];
    const results = await runChecks([rollout, rds], {
      waitMs: 600_000,
      intervalMs: 15_000,
      clock,
      onRetry: (pending) => rounds.push(pending.map((r) => r.reason)),
    });
    expect(results.map((r) => r.status)).toEqual(['pass', 'fail']);
    expect(rollout.runs()).toBe(3);
    expect(rds.runs()).toBe(1); // not transient: never re-run
    expect(rounds).toEqual([['running 0 of desired 2'], ['running 1 of desired 2']]);
    expect(clock.slept()).toBe(30_000);
  });

  it('stops when the wait is spent and reports the last outcome', async () => {
    const clock = fakeClock();
    const stuck = scripted(
      'elb.target-health',
      [fail('1 of 2 targets not healthy: a'), fail('1 of 2 targets not healthy: b')],
      true,
    );
    const results = await runChecks([stuck], { waitMs: 40_000, intervalMs: 15_000, clock });
    expect(results[0]?.reason).toBe('1 of 2 targets not healthy: b');
    expect(clock.slept()).toBe(40_000); // 15 + 15 + the last 10
    expect(stuck.runs()).toBe(4);
  });

  it('turns a thrown error into a failed check', async () => {
    const boom: Check = { id: 'x', resource: 'r', run: () => Promise.reject(new Error('socket hang up')) };
    expect((await runChecks([boom]))[0]).toMatchObject({
      status: 'fail',
      callFailed: true,
      reason: 'unexpected error: socket hang up',
    });
  });
});
