import { describe, expect, it } from 'vitest';
import { evaluateWafAssociation } from './waf.js';

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
