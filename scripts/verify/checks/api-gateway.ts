/** API Gateway: the upload API's usage plan limits (SPEC §4: 10,000 requests/day, 10 req/s). */
import type { GetUsagePlanCommandOutput } from '@aws-sdk/client-api-gateway';
import type { Expectations } from '../expectations.js';
import { verdict, type Outcome } from '../types.js';

export type UsagePlan = Pick<GetUsagePlanCommandOutput, 'quota' | 'throttle' | 'apiStages' | 'name'>;

export function evaluateUsagePlan(plan: UsagePlan, expect: Expectations['usagePlan']): Outcome {
  const problems: string[] = [];
  const quota = plan.quota;
  if (quota?.limit !== expect.quotaLimit || quota.period !== expect.quotaPeriod) {
    problems.push(
      `quota is ${quota ? `${String(quota.limit)}/${String(quota.period)}` : 'not set'} (expected ${expect.quotaLimit}/${expect.quotaPeriod})`,
    );
  }
  const rate = plan.throttle?.rateLimit;
  if (rate !== expect.rateLimit)
    problems.push(
      `rate limit is ${rate === undefined ? 'not set' : `${rate} req/s`} (expected ${expect.rateLimit} req/s)`,
    );
  if (!plan.apiStages || plan.apiStages.length === 0) problems.push('the usage plan is not attached to any API stage');
  const stages = (plan.apiStages ?? []).map((s) => `${s.apiId ?? '?'}/${s.stage ?? '?'}`).join(', ');
  return verdict(
    problems,
    `quota ${expect.quotaLimit}/${expect.quotaPeriod}, rate ${expect.rateLimit} req/s, stages ${stages}`,
  );
}
