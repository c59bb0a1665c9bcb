/** ELBv2: target group health, the chat listener's mutual TLS mode, the load balancer's access logs. */
import type {
  Listener,
  LoadBalancerAttribute,
  TargetHealthDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Expectations } from '../expectations.js';
import { fail, pass, type Outcome } from '../types.js';

/**
 * Healthy when at least one target is registered, and every target is `healthy` (targets
 * that are `draining` are on their way out and are only mentioned).
 */
export function evaluateTargetHealth(descriptions: readonly TargetHealthDescription[]): Outcome {
  if (descriptions.length === 0) return fail('no registered targets');
  const healthy = descriptions.filter((d) => d.TargetHealth?.State === 'healthy');
  const draining = descriptions.filter((d) => d.TargetHealth?.State === 'draining');
  const bad = descriptions.filter((d) => d.TargetHealth?.State !== 'healthy' && d.TargetHealth?.State !== 'draining');
  const drainingNote = draining.length > 0 ? `, ${draining.length} draining` : '';
  if (bad.length > 0) {
    const list = bad.map((d) => {
      const health = d.TargetHealth;
      const detail = [health?.Reason, health?.Description].filter(Boolean).join(': ');
      return `${targetName(d)} ${health?.State ?? 'unknown'}${detail ? ` (${detail})` : ''}`;
    });
    return fail(`${bad.length} of ${descriptions.length} targets not healthy: ${list.join(', ')}${drainingNote}`);
  }
  if (healthy.length === 0) return fail(`no healthy targets${drainingNote}`);
  return pass(`${healthy.length} of ${descriptions.length} targets healthy${drainingNote}`);
}

function targetName(d: TargetHealthDescription): string {
  const id = d.Target?.Id ?? '?';
  return d.Target?.Port === undefined ? id : `${id}:${d.Target.Port}`;
}

/** The listener must authenticate clients itself (`verify`) against a trust store. */
export function evaluateMutualAuthentication(
  listener: Listener | undefined,
  expect: Expectations['chatListener'],
): Outcome {
  if (!listener) return fail('listener not found');
  const mtls = listener.MutualAuthentication;
  if (!mtls?.Mode)
    return fail(`mutual authentication is not configured (mode off); expected '${expect.mutualAuthenticationMode}'`);
  if (mtls.Mode !== expect.mutualAuthenticationMode)
    return fail(`mutual authentication mode is '${mtls.Mode}' (expected '${expect.mutualAuthenticationMode}')`);
  if (!mtls.TrustStoreArn) return fail(`mutual authentication mode is '${mtls.Mode}' but no trust store is set`);
  return pass(
    `mutual authentication mode '${mtls.Mode}' with trust store ${mtls.TrustStoreArn.split(':').pop() ?? mtls.TrustStoreArn}`,
  );
}

/**
 * Access logs are on (`access_logs.s3.enabled`) and go to a bucket; to `expectedBucket` when the
 * root names it (output alb_access_logs_bucket).
 */
export function evaluateAccessLogs(
  attributes: readonly LoadBalancerAttribute[],
  expectedBucket: string | null,
): Outcome {
  const value = (key: string) => attributes.find((a) => a.Key === key)?.Value ?? '';
  const bucket = value('access_logs.s3.bucket');
  const prefix = value('access_logs.s3.prefix');
  if (value('access_logs.s3.enabled') !== 'true')
    return fail(`access logs are off (access_logs.s3.enabled is ${value('access_logs.s3.enabled') || 'not set'})`);
  if (!bucket) return fail('access logs are on but name no bucket');
  if (expectedBucket && bucket !== expectedBucket)
    return fail(`access logs go to ${bucket} (expected ${expectedBucket})`);
  return pass(`access logs to s3://${bucket}/${prefix ? `${prefix}/` : ''}`);
}
