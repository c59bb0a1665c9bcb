import type { Rule as WafRule, WebACL } from '@aws-sdk/client-wafv2';
import { describe, expect, it } from 'vitest';
import { EXPECTATIONS } from '../expectations.js';
import { evaluateRateLimit, evaluateWafAssociation } from './waf.js';

const acl =
  'arn:aws:wafv2:us-east-1:123456789012:regional/webacl/phenom-prod-chat-protect/11111111-2222-3333-4444-555555555555';

describe('evaluateWafAssociation', () => {
  it('passes when the expected web ACL protects the ALB', () => {
    expect(
      evaluateWafAssociation(
        { Name: 'phenom-prod-chat-protect', Id: 'x', ARN: acl, DefaultAction: {}, VisibilityConfig: undefined },
        acl,
      ),
    ).toEqual({
      status: 'pass',
      reason: 'web ACL phenom-prod-chat-protect is associated with the ALB',
    });
  });

  it('fails without an association, or with another web ACL', () => {
    expect(evaluateWafAssociation(undefined, acl)).toEqual({
      status: 'fail',
      reason: `no web ACL is associated with the ALB (expected ${acl})`,
    });
    const other = acl.replace('phenom-prod-chat-protect', 'someone-else');
    expect(
      evaluateWafAssociation(
        { Name: 'someone-else', Id: 'y', ARN: other, DefaultAction: {}, VisibilityConfig: undefined },
        acl,
      ).reason,
    ).toBe(`the ALB is protected by ${other} (expected ${acl})`);
  });
});

describe('evaluateRateLimit', () => {
  const uploadAcl = (rules: NonNullable<WebACL['Rules']>): WebACL => ({
    Name: 'phenom-prod-upload-api',
    Id: 'z',
    ARN: acl.replace('phenom-prod-chat-protect', 'phenom-prod-upload-api'),
    DefaultAction: { Allow: {} },
    VisibilityConfig: undefined,
    Rules: rules,
  });
  const rate = (action: WafRule['Action'], key: 'IP' | 'FORWARDED_IP' | 'CONSTANT' = 'IP'): WafRule => ({
    Name: 'rate-limit-per-ip',
    Priority: 40,
    Statement: { RateBasedStatement: { Limit: 300, AggregateKeyType: key, EvaluationWindowSec: 300 } },
    Action: action,
    VisibilityConfig: undefined,
  });

  it('passes a blocking rate rule per client address', () => {
    expect(evaluateRateLimit(uploadAcl([rate({ Block: {} })]), EXPECTATIONS.uploadApiRateLimit)).toEqual({
      status: 'pass',
      reason: 'web ACL phenom-prod-upload-api blocks a client above 300 requests per 300 s (rule rate-limit-per-ip)',
    });
    expect(
      evaluateRateLimit(uploadAcl([rate({ Block: {} }, 'FORWARDED_IP')]), EXPECTATIONS.uploadApiRateLimit).status,
    ).toBe('pass');
  });

  it('fails without an ACL, with a rule that only counts, or with a limit shared by everyone', () => {
    expect(evaluateRateLimit(undefined, EXPECTATIONS.uploadApiRateLimit).reason).toBe(
      'no web ACL is associated with the upload API stage (expected a per-IP rate rule)',
    );
    expect(evaluateRateLimit(uploadAcl([rate({ Count: {} })]), EXPECTATIONS.uploadApiRateLimit).reason).toBe(
      'web ACL phenom-prod-upload-api: the per-client rate rule rate-limit-per-ip only counts (expected action Block)',
    );
    expect(
      evaluateRateLimit(uploadAcl([rate({ Block: {} }, 'CONSTANT')]), EXPECTATIONS.uploadApiRateLimit).reason,
    ).toBe(
      'web ACL phenom-prod-upload-api has no rate-based rule per client (IP or FORWARDED_IP); rate rules: rate-limit-per-ip by CONSTANT',
    );
    expect(evaluateRateLimit(uploadAcl([]), EXPECTATIONS.uploadApiRateLimit).reason).toBe(
      'web ACL phenom-prod-upload-api has no rate-based rule per client (IP or FORWARDED_IP)',
    );
  });
});
