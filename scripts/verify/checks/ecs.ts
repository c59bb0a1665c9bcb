/** ECS: each service is stable, running = desired, its primary deployment completed; its containers run read-only. */
import type { Failure, Service, TaskDefinition } from '@aws-sdk/client-ecs';
import type { Expectations } from '../expectations.js';
import { fail, pass, verdict, type Outcome } from '../types.js';

/**
 * `service` is DescribeServices' entry for the service, `failure` its entry in `failures`
 * (e.g. reason MISSING) when ECS did not return it.
 */
export function evaluateEcsService(
  service: Service | undefined,
  failure: Failure | undefined,
  expect: Expectations['ecs'],
): Outcome {
  if (!service)
    return fail(`service not found in the cluster (${failure?.reason ?? 'not returned by DescribeServices'})`);
  if (service.status !== 'ACTIVE') return fail(`service status is ${service.status ?? 'unknown'} (expected ACTIVE)`);

  const desired = service.desiredCount ?? 0;
  const running = service.runningCount ?? 0;
  const problems: string[] = [];
  if (desired < expect.minDesiredCount)
    problems.push(`desired count is ${desired} (expected at least ${expect.minDesiredCount})`);
  if (running !== desired) problems.push(`running ${running} of desired ${desired}`);

  const deployments = service.deployments ?? [];
  const primary = deployments.find((d) => d.status === 'PRIMARY');
  if (!primary) problems.push('no PRIMARY deployment');
  else if (primary.rolloutState !== 'COMPLETED') {
    const why = primary.rolloutStateReason ? ` (${primary.rolloutStateReason})` : '';
    problems.push(`primary deployment ${primary.rolloutState ?? 'has no rollout state'}${why}`);
  }
  const others = deployments.filter((d) => d !== primary);
  if (others.length > 0)
    problems.push(`${others.length} other deployment(s) still ${others.map((d) => d.status ?? '?').join('/')}`);

  return verdict(problems, `stable: running ${running} of desired ${desired}, primary deployment COMPLETED`);
}

/** Every container of the service's task definition has a read-only root filesystem. */
export function evaluateReadonlyRootFilesystem(taskDefinition: TaskDefinition | undefined): Outcome {
  if (!taskDefinition) return fail('task definition not found');
  const containers = taskDefinition.containerDefinitions ?? [];
  if (containers.length === 0) return fail(`task definition ${revision(taskDefinition)} has no containers`);
  const writable = containers.filter((c) => c.readonlyRootFilesystem !== true).map((c) => c.name ?? '?');
  if (writable.length > 0)
    return fail(
      `task definition ${revision(taskDefinition)}: root filesystem writable in ${writable.join(', ')} (expected read-only; the root lists services whose image needs it in ecs_writable_root_filesystem_services)`,
    );
  return pass(`task definition ${revision(taskDefinition)}: every container's root filesystem is read-only`);
}

const revision = (t: TaskDefinition) => (t.family ? `${t.family}:${t.revision ?? '?'}` : (t.taskDefinitionArn ?? '?'));
