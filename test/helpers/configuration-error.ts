/** The message of the ConfigurationError `fn` throws; the test fails if it throws nothing or something else. */
import { expect } from 'vitest';
import { ConfigurationError } from '../../src/lib/errors.js';

export function configurationErrorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigurationError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigurationError');
}
