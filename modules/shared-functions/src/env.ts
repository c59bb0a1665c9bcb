import { z } from 'zod';
import { validate } from './zod-issues.js';

/**
 * zod building blocks for settings read from environment variables (the Lambda functions'
 * configuration): every value arrives as a string or is missing.
 */

/** A whole number in a string; a missing or empty variable takes the default. */
export function envInt(fallback: number, bounds: { min?: number; max?: number } = {}) {
  const min = bounds.min ?? Number.MIN_SAFE_INTEGER;
  const max = bounds.max ?? Number.MAX_SAFE_INTEGER;
  return z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === '') return fallback;
      const text = value.trim();
      const number = /^-?\d+$/.test(text) ? Number(text) : Number.NaN;
      if (!Number.isSafeInteger(number) || number < min || number > max) {
        ctx.addIssue({ code: 'custom', message: `expected a whole number from ${min} to ${max}, got '${value}'` });
        return z.NEVER;
      }
      return number;
    });
}

/** `"true"` / `"false"` (any case); a missing or empty variable takes the default. */
export function envBool(fallback: boolean) {
  return z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === '') return fallback;
      const text = value.trim().toLowerCase();
      if (text === 'true') return true;
      if (text === 'false') return false;
      ctx.addIssue({ code: 'custom', message: `expected "true" or "false", got '${value}'` });
      return z.NEVER;
    });
}

/** A comma-separated list; blanks around items are dropped, empty items ignored. */
export function envList(fallback: readonly string[]) {
  return z
    .string()
    .optional()
    .transform((value) => {
      if (value === undefined || value.trim() === '') return [...fallback];
      return value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean);
    });
}

/** A function's environment is unusable; the message names the function and every bad variable. */
export class EnvironmentError extends Error {
  override name = 'EnvironmentError';
}

/**
 * Parses a function's environment with `schema`; throws one EnvironmentError line
 * (`<fn>: invalid environment: STAGING_BUCKET: required …; …`) naming every bad variable.
 */
export function parseEnvironment<S extends z.ZodType>(
  fn: string,
  schema: S,
  env: Record<string, string | undefined>,
): z.output<S> {
  // Every bad variable at once; a value is described by its type, never quoted into the log.
  const result = validate(schema, env, { all: true, values: false });
  if (!result.ok) throw new EnvironmentError(`${fn}: invalid environment: ${result.message}`);
  return result.value;
}
