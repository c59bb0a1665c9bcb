import type { UserPoolType } from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { EXPECTATIONS } from '../expectations.js';
import { evaluatePasswordPolicy, evaluateSelfRegistration } from './cognito.js';

const strict = {
  MinimumLength: 8,
  RequireLowercase: true,
  RequireUppercase: true,
  RequireNumbers: true,
  RequireSymbols: true,
};
const pool = (over: Partial<UserPoolType> = {}): UserPoolType => ({
  Id: 'us-east-1_knEL7cqS3',
  AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
  Policies: { PasswordPolicy: strict },
  ...over,
});

describe('Cognito evaluations', () => {
  it('self-registration must be disabled', () => {
    expect(evaluateSelfRegistration(pool()).status).toBe('pass');
    expect(evaluateSelfRegistration(pool({ AdminCreateUserConfig: { AllowAdminCreateUserOnly: false } }))).toEqual({
      status: 'fail',
      reason: 'self-registration is enabled: AllowAdminCreateUserOnly is false (expected true)',
    });
    expect(evaluateSelfRegistration(pool({ AdminCreateUserConfig: undefined })).status).toBe('fail');
  });

  it('password policy: at least 8 characters with lower, upper, digit and symbol', () => {
    expect(evaluatePasswordPolicy(pool(), EXPECTATIONS.cognito)).toEqual({
      status: 'pass',
      reason: 'minimum length 8, requires lowercase, uppercase, digit and symbol',
    });
    expect(
      evaluatePasswordPolicy(
        pool({ Policies: { PasswordPolicy: { ...strict, MinimumLength: 12 } } }),
        EXPECTATIONS.cognito,
      ).status,
    ).toBe('pass');
    expect(
      evaluatePasswordPolicy(
        pool({
          Policies: { PasswordPolicy: { ...strict, MinimumLength: 6, RequireSymbols: false, RequireNumbers: false } },
        }),
        EXPECTATIONS.cognito,
      ),
    ).toEqual({
      status: 'fail',
      reason: 'minimum length 6 (expected at least 8); does not require digit, symbol',
    });
    expect(evaluatePasswordPolicy(pool({ Policies: {} }), EXPECTATIONS.cognito)).toEqual({
      status: 'fail',
      reason: 'no password policy returned',
    });
  });
});
