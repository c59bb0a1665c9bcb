/** API Gateway: the upload API's usage plan limits (10,000 requests/day, 10 req/s) and the account's logging role. */
import type { GetAccountCommandOutput, GetUsagePlanCommandOutput } from '@aws-sdk/client-api-gateway';
import type { Expectations } from '../expectations.js';
import { fail, pass, verdict, type Outcome } from '../types.js';

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

/** GetAccount's answer: the account and region's API Gateway settings. */
export type ApiGatewayAccount = Pick<GetAccountCommandOutput, 'cloudwatchRoleArn'>;

/**
 * Stage access logs and execution logging need the account-level CloudWatch role, set once per
 * account and region by the account's bootstrap (no root owns it): without it the apply of a
 * stage with logging fails ("CloudWatch Logs role ARN must be set in account settings").
 */
export function evaluateCloudWatchRole(account: ApiGatewayAccount): Outcome {
  const arn = account.cloudwatchRoleArn?.trim();
  if (!arn)
    return fail(
      'no CloudWatch Logs role is set in the API Gateway account settings of this account and region (an account prerequisite: stage logging fails without it)',
    );
  if (!/^arn:aws[a-z-]*:iam::\d{12}:role\//.test(arn))
    return fail(`the API Gateway CloudWatch Logs role '${arn}' is not an IAM role ARN`);
  return pass(`CloudWatch Logs role ${arn.split(':role/')[1] ?? arn} is set for API Gateway logging`);
}
