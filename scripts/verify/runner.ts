/** Runs the planned checks (a few at a time), turning failed AWS calls into failed checks. */
import { errorMessage } from '../../src/lib/errors.js';
import { AwsCallError } from './aws.js';
import type { Check, CheckResult, Outcome } from './types.js';

export async function runChecks(checks: readonly Check[], concurrency = 8): Promise<CheckResult[]> {
  const results = new Array<CheckResult>(checks.length);
  let next = 0;
  const worker = async () => {
    while (next < checks.length) {
      const index = next++;
      const check = checks[index] as Check;
      const started = performance.now();
      const outcome = await runOne(check);
      results[index] = { id: check.id, resource: check.resource, ...outcome, durationMs: performance.now() - started };
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, checks.length)) }, worker));
  return results;
}

async function runOne(check: Check): Promise<Outcome> {
  try {
    return await check.run();
  } catch (error) {
    const reason = error instanceof AwsCallError ? error.message : `unexpected error: ${errorMessage(error)}`;
    return { status: 'fail', reason, callFailed: true };
  }
}
