/** WAFv2: the expected web ACL protects the ALB. */
import type { WebACL } from '@aws-sdk/client-wafv2';
import { fail, pass, type Outcome } from '../types.js';

/** `attached` is GetWebACLForResource's WebACL for the ALB (undefined when none is associated). */
export function evaluateWafAssociation(attached: WebACL | undefined, expectedArn: string): Outcome {
  if (!attached?.ARN) return fail(`no web ACL is associated with the ALB (expected ${expectedArn})`);
  if (attached.ARN !== expectedArn) return fail(`the ALB is protected by ${attached.ARN} (expected ${expectedArn})`);
  return pass(`web ACL ${attached.Name ?? attached.ARN} is associated with the ALB`);
}
