import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { envBool, envInt, envList, EnvironmentError, parseEnvironment } from '../src/env.js';

const schema = z.object({
  BUCKET: z.string({ error: 'required: the bucket name' }).min(3, 'expected a bucket name'),
  LIMIT: envInt(10, { min: 1, max: 100 }),
  ENABLED: envBool(false),
  ORIGINS: envList(['*']),
});

describe('parseEnvironment', () => {
  it('applies the defaults of missing or empty variables', () => {
    expect(parseEnvironment('fn', schema, { BUCKET: 'media', LIMIT: ' ', ENABLED: '' })).toEqual({
      BUCKET: 'media',
      LIMIT: 10,
      ENABLED: false,
      ORIGINS: ['*'],
    });
  });

  it('parses numbers, booleans in any case and comma lists with blanks', () => {
    expect(
      parseEnvironment('fn', schema, { BUCKET: 'media', LIMIT: '42', ENABLED: 'TRUE', ORIGINS: ' a , ,b ' }),
    ).toEqual({ BUCKET: 'media', LIMIT: 42, ENABLED: true, ORIGINS: ['a', 'b'] });
  });

  it('names the function and every bad variable in one line', () => {
    let error: unknown;
    try {
      parseEnvironment('fn', schema, { LIMIT: '1.5', ENABLED: 'yes' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as Error).message).toBe(
      "fn: invalid environment: BUCKET: required: the bucket name; LIMIT: expected a whole number from 1 to 100, got '1.5'; " +
        `ENABLED: expected "true" or "false", got 'yes'`,
    );
  });

  it('rejects numbers outside the bounds', () => {
    expect(() => parseEnvironment('fn', schema, { BUCKET: 'media', LIMIT: '101' })).toThrow(
      /LIMIT: expected a whole number from 1 to 100, got '101'/,
    );
  });
});
