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

/**
 * A list input of an action, one item a line: each trimmed, empty and blank lines left out (not
 * core.getMultilineInput, which drops empty lines before trimming and so keeps a blank one as '').
 */
export function listInput(name: string, options?: core.InputOptions): string[] {
  return core
    .getInput(name, options)
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}
