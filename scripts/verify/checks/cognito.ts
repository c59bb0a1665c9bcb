/** Cognito: self-registration disabled and the required password policy. */
import type { UserPoolType } from '@aws-sdk/client-cognito-identity-provider';
import type { Expectations } from '../expectations.js';
import { fail, pass, verdict, type Outcome } from '../types.js';

export function evaluateSelfRegistration(pool: UserPoolType): Outcome {
  const adminOnly = pool.AdminCreateUserConfig?.AllowAdminCreateUserOnly;
  return adminOnly === true
    ? pass('self-registration disabled (AllowAdminCreateUserOnly = true)')
    : fail(`self-registration is enabled: AllowAdminCreateUserOnly is ${String(adminOnly)} (expected true)`);
}

export function evaluatePasswordPolicy(pool: UserPoolType, expect: Expectations['cognito']): Outcome {
  const policy = pool.Policies?.PasswordPolicy;
  if (!policy) return fail('no password policy returned');
  const problems: string[] = [];
  const length = policy.MinimumLength;
  if (length === undefined || length < expect.minimumPasswordLength)
    problems.push(`minimum length ${String(length)} (expected at least ${expect.minimumPasswordLength})`);
  const required = [
    ['RequireLowercase', 'lowercase'],
    ['RequireUppercase', 'uppercase'],
    ['RequireNumbers', 'digit'],
    ['RequireSymbols', 'symbol'],
  ] as const;
  const missing = required.filter(([flag]) => policy[flag] !== true).map(([, label]) => label);
  if (missing.length > 0) problems.push(`does not require ${missing.join(', ')}`);
  return verdict(problems, `minimum length ${String(length)}, requires lowercase, uppercase, digit and symbol`);
}
