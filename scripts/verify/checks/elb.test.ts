import type { Listener, TargetHealthDescription } from '@aws-sdk/client-elastic-load-balancing-v2';
import { describe, expect, it } from 'vitest';
import { EXPECTATIONS } from '../expectations.js';
import { evaluateAccessLogs, evaluateMutualAuthentication, evaluateTargetHealth } from './elb.js';

const target = (id: string, state: string, reason?: string, description?: string): TargetHealthDescription => ({
  Target: { Id: id, Port: 8080 },
  HealthCheckPort: 'traffic-port',
  TargetHealth: {
    State: state as 'healthy',
    ...(reason ? { Reason: reason as 'Elb.InitialHealthChecking' } : {}),
    ...(description ? { Description: description } : {}),
  },
});

describe('evaluateTargetHealth', () => {
  it('passes when every registered target is healthy', () => {
    expect(evaluateTargetHealth([target('10.0.10.5', 'healthy'), target('10.0.11.7', 'healthy')])).toEqual({
      status: 'pass',
      reason: '2 of 2 targets healthy',
    });
  });

  it('fails a target group with no registered targets', () => {
    expect(evaluateTargetHealth([])).toEqual({ status: 'fail', reason: 'no registered targets' });
  });

  it('fails on unhealthy, initial and unused targets, naming each with its reason', () => {
    const outcome = evaluateTargetHealth([
      target('10.0.10.5', 'healthy'),
      target('10.0.10.6', 'unhealthy', 'Target.ResponseCodeMismatch', 'Health checks failed with these codes: [502]'),
      target('10.0.11.7', 'initial', 'Elb.InitialHealthChecking'),
      target(
        '10.0.11.8',
        'unused',
        'Target.NotInUse',
        'Target group is not configured to receive traffic from the load balancer',
      ),
    ]);
    expect(outcome.status).toBe('fail');
    expect(outcome.reason).toBe(
      '3 of 4 targets not healthy: 10.0.10.6:8080 unhealthy (Target.ResponseCodeMismatch: Health checks failed with these codes: [502]), ' +
        '10.0.11.7:8080 initial (Elb.InitialHealthChecking), ' +
        '10.0.11.8:8080 unused (Target.NotInUse: Target group is not configured to receive traffic from the load balancer)',
    );
  });

  it('ignores draining targets as long as a healthy one remains', () => {
    expect(
      evaluateTargetHealth([
        target('10.0.10.5', 'healthy'),
        target('10.0.10.9', 'draining', 'Target.DeregistrationInProgress'),
      ]),
    ).toEqual({
      status: 'pass',
      reason: '1 of 2 targets healthy, 1 draining',
    });
    expect(evaluateTargetHealth([target('10.0.10.9', 'draining')])).toEqual({
      status: 'fail',
      reason: 'no healthy targets, 1 draining',
    });
  });
});

describe('evaluateMutualAuthentication', () => {
  const trustStore = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:truststore/phenom-prod-chat/0123456789abcdef';
  const listener = (mtls: Listener['MutualAuthentication']): Listener => ({
    ListenerArn: 'arn:listener',
    Protocol: 'HTTPS',
    Port: 443,
    MutualAuthentication: mtls,
  });

  it('passes verify mode with a trust store (the DescribeListeners shape of AWS)', () => {
    expect(
      evaluateMutualAuthentication(
        listener({ Mode: 'verify', TrustStoreArn: trustStore, IgnoreClientCertificateExpiry: false }),
        EXPECTATIONS.chatListener,
      ),
    ).toEqual({
      status: 'pass',
      reason: "mutual authentication mode 'verify' with trust store truststore/phenom-prod-chat/0123456789abcdef",
    });
  });

  it('fails passthrough (targets would have to verify) and off', () => {
    expect(evaluateMutualAuthentication(listener({ Mode: 'passthrough' }), EXPECTATIONS.chatListener).reason).toBe(
      "mutual authentication mode is 'passthrough' (expected 'verify')",
    );
    expect(evaluateMutualAuthentication(listener({ Mode: 'off' }), EXPECTATIONS.chatListener).reason).toBe(
      "mutual authentication mode is 'off' (expected 'verify')",
    );
  });

  it('fails when the listener reports no mutual authentication at all', () => {
    expect(evaluateMutualAuthentication(listener(undefined), EXPECTATIONS.chatListener)).toEqual({
      status: 'fail',
      reason: "mutual authentication is not configured (mode off); expected 'verify'",
    });
  });

  it('fails verify without a trust store, and a missing listener', () => {
    expect(evaluateMutualAuthentication(listener({ Mode: 'verify' }), EXPECTATIONS.chatListener).reason).toBe(
      "mutual authentication mode is 'verify' but no trust store is set",
    );
    expect(evaluateMutualAuthentication(undefined, EXPECTATIONS.chatListener).reason).toBe('listener not found');
  });
});

describe('evaluateAccessLogs', () => {
  const attributes = (enabled: string | undefined, bucket = 'phenom-prod-alb-access-logs') => [
    ...(enabled === undefined ? [] : [{ Key: 'access_logs.s3.enabled', Value: enabled }]),
    { Key: 'access_logs.s3.bucket', Value: bucket },
    { Key: 'access_logs.s3.prefix', Value: 'phenom-prod' },
    { Key: 'idle_timeout.timeout_seconds', Value: '60' },
  ];

  it('passes when access logs are on, to the bucket the root names', () => {
    expect(evaluateAccessLogs(attributes('true'), 'phenom-prod-alb-access-logs')).toEqual({
      status: 'pass',
      reason: 'access logs to s3://phenom-prod-alb-access-logs/phenom-prod/',
    });
    expect(evaluateAccessLogs(attributes('true'), null).status).toBe('pass');
  });

  it('fails when they are off, never configured, bucketless or elsewhere', () => {
    expect(evaluateAccessLogs(attributes('false'), null).reason).toBe(
      'access logs are off (access_logs.s3.enabled is false)',
    );
    expect(evaluateAccessLogs(attributes(undefined), null).reason).toBe(
      'access logs are off (access_logs.s3.enabled is not set)',
    );
    expect(evaluateAccessLogs(attributes('true', ''), null).reason).toBe('access logs are on but name no bucket');
    expect(evaluateAccessLogs(attributes('true', 'someone-else'), 'phenom-prod-alb-access-logs').reason).toBe(
      'access logs go to someone-else (expected phenom-prod-alb-access-logs)',
    );
  });
});
