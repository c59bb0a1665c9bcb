/**
 * Runs the planned checks (a few at a time), turning failed AWS calls into failed checks.
 * With a wait budget, failing transient checks (ECS rollouts, target health) are run again
 * every `intervalMs` until they pass or the budget is spent.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { errorMessage } from '../../src/lib/errors.js';
import { mapPool } from '../../src/lib/pool.js';
import { AwsCallError } from './aws.js';
import type { Check, CheckResult, Outcome } from './types.js';

export interface RunOptions {
  concurrency?: number;
  /** How long failing transient checks may take to settle; 0 (default) runs every check once. */
  waitMs?: number;
  /** Pause between rounds of re-running transient checks. */
  intervalMs?: number;
  /** Told before each new round. */
  onRetry?(pending: readonly CheckResult[], remainingMs: number): void;
  /** For tests. */
  clock?: { now(): number; sleep(ms: number): Promise<void> };
}

const realClock = { now: () => performance.now(), sleep: (ms: number) => delay(ms) };

export async function runChecks(checks: readonly Check[], options: RunOptions = {}): Promise<CheckResult[]> {
  const { concurrency = 8, waitMs = 0, intervalMs = 15_000, clock = realClock } = options;
  const deadline = clock.now() + waitMs;
  const results = await runAll(checks, concurrency, clock);
  for (;;) {
    const pending = checks
      .map((check, index) => ({ check, index }))
      .filter(({ check, index }) => check.transient && results[index]?.status === 'fail');
    const remaining = deadline - clock.now();
    // Waiting does not bring back an AWS that cannot be reached: the run ends and says so.
    if (pending.length === 0 || remaining <= 0 || results.some((r) => r?.unreachable)) break;
    options.onRetry?.(
      pending.map(({ index }) => results[index] as CheckResult),
      remaining,
    );
    await clock.sleep(Math.min(intervalMs, remaining));
    const again = await runAll(
      pending.map(({ check }) => check),
      concurrency,
      clock,
    );
    pending.forEach(({ index }, i) => {
      results[index] = again[i] as CheckResult;
    });
  }
  return results;
}

function runAll(checks: readonly Check[], concurrency: number, clock: { now(): number }): Promise<CheckResult[]> {
  return mapPool(checks, concurrency, async (check) => {
    const started = clock.now();
    const outcome = await runOne(check);
    return { id: check.id, resource: check.resource, ...outcome, durationMs: clock.now() - started };
  });
}

async function runOne(check: Check): Promise<Outcome> {
  try {
    return await check.run();
  } catch (error) {
    if (error instanceof AwsCallError)
      return {
        status: 'fail',
        reason: error.message,
        callFailed: true,
        ...(error.unreachable ? { unreachable: true } : {}),
      };
    return { status: 'fail', reason: `unexpected error: ${errorMessage(error)}`, callFailed: true };
  }
}
