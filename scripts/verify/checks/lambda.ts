/** Lambda: every function runs on a Node.js runtime that AWS still supports today. */
import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import type { Expectations } from '../expectations.js';
import { days, fail, pass, type Outcome } from '../types.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** `today` is a calendar date (UTC); a runtime is unsupported from its deprecation date on. */
export function evaluateLambdaRuntime(
  config: FunctionConfiguration,
  today: Date,
  expect: Expectations['lambda'],
): Outcome {
  const table = expect.nodeRuntimeDeprecation;
  const supported = Object.entries(table)
    .filter(([, date]) => daysUntil(date, today) > 0)
    .map(([runtime, date]) => `${runtime} until ${date}`);
  const supportedList = supported.length > 0 ? supported.join(', ') : 'none';
  const runtime = config.Runtime;
  if (!runtime)
    return fail(
      `no managed runtime (package type ${config.PackageType ?? 'unknown'}); expected a supported Node.js runtime: ${supportedList}`,
    );
  const deprecation = table[runtime];
  if (deprecation === undefined)
    return fail(`runtime ${runtime} is not a supported Node.js runtime (supported: ${supportedList})`);
  const left = daysUntil(deprecation, today);
  if (left <= 0) return fail(`runtime ${runtime} was deprecated on ${deprecation} (supported: ${supportedList})`);
  const soon = left <= expect.warnDaysBeforeDeprecation ? ` — deprecation in ${days(left)}, plan the upgrade` : '';
  return pass(`${runtime}, supported until ${deprecation}${soon}`);
}

/** Whole days from `today` (its UTC calendar date) to `isoDate`; 0 on the day itself. */
export function daysUntil(isoDate: string, today: Date): number {
  const start = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  return Math.round((Date.parse(`${isoDate}T00:00:00Z`) - start) / DAY_MS);
}
