import type { Deployment, Service } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { EXPECTATIONS } from '../expectations.js';
import { evaluateEcsService, evaluateReadonlyRootFilesystem } from './ecs.js';

const primary = (over: Partial<Deployment> = {}): Deployment => ({
  status: 'PRIMARY',
  rolloutState: 'COMPLETED',
  desiredCount: 2,
  runningCount: 2,
  ...over,
});
const service = (over: Partial<Service> = {}): Service => ({
  serviceName: 'graphql',
  status: 'ACTIVE',
  desiredCount: 2,
  runningCount: 2,
  deployments: [primary()],
  ...over,
});

describe('evaluateEcsService', () => {
  it('passes a stable service: running = desired, one COMPLETED primary deployment', () => {
    const outcome = evaluateEcsService(service(), undefined, EXPECTATIONS.ecs);
    expect(outcome).toEqual({ status: 'pass', reason: 'stable: running 2 of desired 2, primary deployment COMPLETED' });
  });

  it('fails a service that DescribeServices reports as MISSING', () => {
    expect(evaluateEcsService(undefined, { reason: 'MISSING' }, EXPECTATIONS.ecs)).toEqual({
      status: 'fail',
      reason: 'service not found in the cluster (MISSING)',
    });
  });

  it('fails an inactive (deleted) service', () => {
    expect(evaluateEcsService(service({ status: 'INACTIVE' }), undefined, EXPECTATIONS.ecs).reason).toBe(
      'service status is INACTIVE (expected ACTIVE)',
    );
  });

  it('fails when fewer tasks run than desired and the rollout is still in progress', () => {
    const outcome = evaluateEcsService(
      service({
        desiredCount: 3,
        runningCount: 2,
        deployments: [
          primary({ rolloutState: 'IN_PROGRESS', rolloutStateReason: 'ECS deployment ecs-svc/1 in progress.' }),
        ],
      }),
      undefined,
      EXPECTATIONS.ecs,
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.reason).toBe(
      'running 2 of desired 3; primary deployment IN_PROGRESS (ECS deployment ecs-svc/1 in progress.)',
    );
  });

  it('fails a service scaled to zero even though running = desired', () => {
    const outcome = evaluateEcsService(service({ desiredCount: 0, runningCount: 0 }), undefined, EXPECTATIONS.ecs);
    expect(outcome.reason).toBe('desired count is 0 (expected at least 1)');
  });

  it('fails while an older deployment is still draining (not yet stable)', () => {
    const outcome = evaluateEcsService(
      service({ deployments: [primary(), { status: 'ACTIVE', runningCount: 1 }] }),
      undefined,
      EXPECTATIONS.ecs,
    );
    expect(outcome.reason).toBe('1 other deployment(s) still ACTIVE');
  });

  it('fails a failed rollout and a primary deployment without rollout state', () => {
    expect(
      evaluateEcsService(service({ deployments: [primary({ rolloutState: 'FAILED' })] }), undefined, EXPECTATIONS.ecs)
        .reason,
    ).toBe('primary deployment FAILED');
    expect(
      evaluateEcsService(service({ deployments: [primary({ rolloutState: undefined })] }), undefined, EXPECTATIONS.ecs)
        .reason,
    ).toBe('primary deployment has no rollout state');
    expect(evaluateEcsService(service({ deployments: [] }), undefined, EXPECTATIONS.ecs).reason).toBe(
      'no PRIMARY deployment',
    );
  });
});

describe('evaluateReadonlyRootFilesystem', () => {
  const definition = (...containers: [string, boolean | undefined][]) => ({
    family: 'phenom-prod-graphql',
    revision: 7,
    containerDefinitions: containers.map(([name, readonly]) => ({
      name,
      ...(readonly === undefined ? {} : { readonlyRootFilesystem: readonly }),
    })),
  });

  it('passes when every container runs read-only', () => {
    expect(evaluateReadonlyRootFilesystem(definition(['graphql', true], ['sidecar', true]))).toEqual({
      status: 'pass',
      reason: "task definition phenom-prod-graphql:7: every container's root filesystem is read-only",
    });
  });

  it('names each container with a writable root (unset is writable), and fails on a missing or empty definition', () => {
    expect(
      evaluateReadonlyRootFilesystem(definition(['graphql', true], ['init', false], ['sidecar', undefined])),
    ).toEqual({
      status: 'fail',
      reason:
        'task definition phenom-prod-graphql:7: root filesystem writable in init, sidecar (expected read-only; the root lists services whose image needs it in ecs_writable_root_filesystem_services)',
    });
    expect(evaluateReadonlyRootFilesystem(undefined).reason).toBe('task definition not found');
    expect(evaluateReadonlyRootFilesystem(definition()).reason).toBe(
      'task definition phenom-prod-graphql:7 has no containers',
    );
  });
});
