/** WAFv2: the expected web ACL protects the ALB; a per-client rate rule protects the upload API. */
import type { WebACL } from '@aws-sdk/client-wafv2';
import type { Expectations } from '../expectations.js';
import { fail, pass, type Outcome } from '../types.js';

/** `attached` is GetWebACLForResource's WebACL for the ALB (undefined when none is associated). */
export function evaluateWafAssociation(attached: WebACL | undefined, expectedArn: string): Outcome {
  if (!attached?.ARN) return fail(`no web ACL is associated with the ALB (expected ${expectedArn})`);
  if (attached.ARN !== expectedArn) return fail(`the ALB is protected by ${attached.ARN} (expected ${expectedArn})`);
  return pass(`web ACL ${attached.Name ?? attached.ARN} is associated with the ALB`);
}

/**
 * The upload API's key is public, so a web ACL must block clients (per IP) above a rate: an
 * enabled rate-based rule aggregated per client address whose action is Block.
 */
export function evaluateRateLimit(attached: WebACL | undefined, expect: Expectations['uploadApiRateLimit']): Outcome {
  if (!attached?.ARN) return fail('no web ACL is associated with the upload API stage (expected a per-IP rate rule)');
  const rules = (attached.Rules ?? []).filter((r) => r.Statement?.RateBasedStatement);
  const perClient = rules.filter((r) =>
    expect.aggregateKeyTypes.includes(r.Statement?.RateBasedStatement?.AggregateKeyType ?? 'IP'),
  );
  const blocking = perClient.filter((r) => r.Action?.Block !== undefined);
  const name = attached.Name ?? attached.ARN;
  if (perClient.length === 0)
    return fail(
      `web ACL ${name} has no rate-based rule per client (${expect.aggregateKeyTypes.join(' or ')})${rules.length > 0 ? `; rate rules: ${rules.map((r) => `${r.Name ?? '?'} by ${r.Statement?.RateBasedStatement?.AggregateKeyType ?? '?'}`).join(', ')}` : ''}`,
    );
  const first = blocking[0];
  if (!first)
    return fail(
      `web ACL ${name}: the per-client rate rule ${perClient.map((r) => r.Name ?? '?').join(', ')} only counts (expected action Block)`,
    );
  const limit = first.Statement?.RateBasedStatement?.Limit;
  const window = first.Statement?.RateBasedStatement?.EvaluationWindowSec ?? 300;
  return pass(
    `web ACL ${name} blocks a client above ${String(limit)} requests per ${window} s (rule ${first.Name ?? '?'})`,
  );
}
