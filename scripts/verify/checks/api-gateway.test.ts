import { describe, expect, it } from 'vitest';
import { EXPECTATIONS } from '../expectations.js';
import { evaluateCloudWatchRole, evaluateUsagePlan, type UsagePlan } from './api-gateway.js';

const plan = (over: Partial<UsagePlan> = {}): UsagePlan => ({
  name: 'phenom-prod-video-upload',
  quota: { limit: 10_000, period: 'DAY', offset: 0 },
  throttle: { rateLimit: 10, burstLimit: 20 },
  apiStages: [{ apiId: 'a1b2c3', stage: 'v1' }],
  ...over,
});

describe('evaluateUsagePlan', () => {
  it('passes 10,000 requests per DAY at 10 req/s, attached to a stage', () => {
    expect(evaluateUsagePlan(plan(), EXPECTATIONS.usagePlan)).toEqual({
      status: 'pass',
      reason: 'quota 10000/DAY, rate 10 req/s, stages a1b2c3/v1',
    });
  });

  it('fails a wrong quota, period or rate, and names each', () => {
    expect(
      evaluateUsagePlan(
        plan({ quota: { limit: 10_000, period: 'WEEK' }, throttle: { rateLimit: 100 } }),
        EXPECTATIONS.usagePlan,
      ),
    ).toEqual({
      status: 'fail',
      reason: 'quota is 10000/WEEK (expected 10000/DAY); rate limit is 100 req/s (expected 10 req/s)',
    });
    expect(evaluateUsagePlan(plan({ quota: undefined, throttle: undefined }), EXPECTATIONS.usagePlan).reason).toBe(
      'quota is not set (expected 10000/DAY); rate limit is not set (expected 10 req/s)',
    );
  });

  it('fails a plan that is not attached to any API stage (it would limit nothing)', () => {
    expect(evaluateUsagePlan(plan({ apiStages: [] }), EXPECTATIONS.usagePlan)).toEqual({
      status: 'fail',
      reason: 'the usage plan is not attached to any API stage',
    });
  });
});

describe('evaluateCloudWatchRole', () => {
  it('passes when the account settings name an IAM role', () => {
    expect(evaluateCloudWatchRole({ cloudwatchRoleArn: 'arn:aws:iam::123456789012:role/apigw-logs' })).toEqual({
      status: 'pass',
      reason: 'CloudWatch Logs role apigw-logs is set for API Gateway logging',
    });
  });

  it('fails when nothing is set (what a new account looks like) or the value is no role ARN', () => {
    for (const unset of [{}, { cloudwatchRoleArn: '' }, { cloudwatchRoleArn: '  ' }])
      expect(evaluateCloudWatchRole(unset)).toEqual({
        status: 'fail',
        reason:
          'no CloudWatch Logs role is set in the API Gateway account settings of this account and region (an account prerequisite: stage logging fails without it)',
      });
    expect(evaluateCloudWatchRole({ cloudwatchRoleArn: 'arn:aws:iam::123456789012:user/someone' }).reason).toBe(
      "the API Gateway CloudWatch Logs role 'arn:aws:iam::123456789012:user/someone' is not an IAM role ARN",
    );
  });
});
