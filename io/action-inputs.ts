import * as core from '@actions/core';
import { ConfigurationError } from '../src/lib/errors.js';

/**
 * A boolean input of an action: `true` or `false` in any case, empty for `fallback`. Not
 * core.getBooleanInput: it rejects an empty input (a step may set `strict: ''`) and throws a
 * TypeError, which our boundary would report as a bug instead of the user's typo.
 */
export function booleanInput(name: string, fallback = false): boolean {
  const value = core.getInput(name).trim();
  if (value === '') return fallback;
  if (/^true$/i.test(value)) return true;
  if (/^false$/i.test(value)) return false;
  throw new ConfigurationError(`Invalid input '${name}': '${value}'. Expected "true" or "false".`);
}
