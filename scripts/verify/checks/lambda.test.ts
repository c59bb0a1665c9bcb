import { describe, expect, it } from 'vitest';
import { EXPECTATIONS } from '../expectations.js';
import { daysUntil, evaluateLambdaRuntime } from './lambda.js';

const day = (iso: string) => new Date(`${iso}T12:00:00Z`);
const fn = (Runtime?: string) => ({
  FunctionName: 'phenom-prod-file-validator',
  ...(Runtime ? { Runtime: Runtime as 'nodejs24.x' } : { PackageType: 'Image' as const }),
});

describe('evaluateLambdaRuntime', () => {
  it('the runtime table lists the supported Node.js runtimes', () => {
    expect(EXPECTATIONS.lambda.nodeRuntimeDeprecation['nodejs22.x']).toBe('2027-04-30');
    expect(EXPECTATIONS.lambda.nodeRuntimeDeprecation['nodejs24.x']).toBe('2028-04-30');
  });

  it('passes nodejs24.x and nodejs22.x in late 2026', () => {
    expect(evaluateLambdaRuntime(fn('nodejs24.x'), day('2026-11-27'), EXPECTATIONS.lambda)).toEqual({
      status: 'pass',
      reason: 'nodejs24.x, supported until 2028-04-30',
    });
    expect(evaluateLambdaRuntime(fn('nodejs22.x'), day('2026-11-27'), EXPECTATIONS.lambda)).toEqual({
      status: 'pass',
      reason: 'nodejs22.x, supported until 2027-04-30',
    });
  });

  it('fails nodejs18.x and nodejs20.x once deprecated, listing what is supported', () => {
    expect(evaluateLambdaRuntime(fn('nodejs20.x'), day('2026-11-27'), EXPECTATIONS.lambda)).toEqual({
      status: 'fail',
      reason:
        'runtime nodejs20.x was deprecated on 2026-04-30 (supported: nodejs22.x until 2027-04-30, nodejs24.x until 2028-04-30)',
    });
    expect(evaluateLambdaRuntime(fn('nodejs18.x'), day('2026-11-27'), EXPECTATIONS.lambda).status).toBe('fail');
  });

  it('compares with the date: supported the day before deprecation, not on the day', () => {
    expect(evaluateLambdaRuntime(fn('nodejs22.x'), day('2027-04-29'), EXPECTATIONS.lambda)).toEqual({
      status: 'pass',
      reason: 'nodejs22.x, supported until 2027-04-30 — deprecation in 1 day, plan the upgrade',
    });
    expect(evaluateLambdaRuntime(fn('nodejs22.x'), day('2027-04-30'), EXPECTATIONS.lambda).status).toBe('fail');
    // nodejs20.x was fine before its deprecation date
    expect(evaluateLambdaRuntime(fn('nodejs20.x'), day('2026-01-15'), EXPECTATIONS.lambda).status).toBe('pass');
  });

  it('warns within 90 days of deprecation, not before', () => {
    expect(evaluateLambdaRuntime(fn('nodejs22.x'), day('2027-01-30'), EXPECTATIONS.lambda).reason).toContain(
      'deprecation in 90 days',
    );
    expect(evaluateLambdaRuntime(fn('nodejs22.x'), day('2027-01-29'), EXPECTATIONS.lambda).reason).toBe(
      'nodejs22.x, supported until 2027-04-30',
    );
  });

  it('fails unknown and non-Node runtimes and container images', () => {
    expect(evaluateLambdaRuntime(fn('nodejs16.x'), day('2026-11-27'), EXPECTATIONS.lambda).reason).toBe(
      'runtime nodejs16.x is not a supported Node.js runtime (supported: nodejs22.x until 2027-04-30, nodejs24.x until 2028-04-30)',
    );
    expect(evaluateLambdaRuntime(fn('python3.12'), day('2026-11-27'), EXPECTATIONS.lambda).status).toBe('fail');
    expect(evaluateLambdaRuntime(fn(undefined), day('2026-11-27'), EXPECTATIONS.lambda).reason).toMatch(
      /^no managed runtime \(package type Image\)/,
    );
  });

  it('daysUntil counts calendar days in UTC', () => {
    expect(daysUntil('2027-04-30', new Date('2027-04-29T23:59:59Z'))).toBe(1);
    expect(daysUntil('2027-04-30', new Date('2027-04-30T00:00:00Z'))).toBe(0);
    expect(daysUntil('2027-04-30', new Date('2027-05-01T00:00:00Z'))).toBe(-1);
  });
});
