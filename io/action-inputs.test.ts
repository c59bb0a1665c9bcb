import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigurationError } from '../src/lib/errors.js';
import { booleanInput } from './action-inputs.js';

afterEach(() => vi.unstubAllEnvs());

// @actions/core reads input `strict` from INPUT_STRICT.
const input = (value: string) => vi.stubEnv('INPUT_STRICT', value);

describe('booleanInput', () => {
  it('reads true and false in any case, an empty input as the fallback', () => {
    for (const [value, expected] of [
      ['true', true],
      ['TRUE', true],
      [' False ', false],
      ['false', false],
    ] as const) {
      input(value);
      expect(booleanInput('strict')).toBe(expected);
    }
    input('');
    expect(booleanInput('strict')).toBe(false);
    expect(booleanInput('strict', true)).toBe(true);
  });

  it('rejects anything else with one line naming the input', () => {
    input('yes');
    expect(() => booleanInput('strict')).toThrow(ConfigurationError);
    expect(() => booleanInput('strict')).toThrow('Invalid input \'strict\': \'yes\'. Expected "true" or "false".');
  });
});
