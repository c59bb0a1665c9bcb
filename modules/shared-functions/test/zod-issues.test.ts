import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formatKeyPath, validate } from '../src/zod-issues.js';

const schema = z.strictObject({
  name: z.string().min(1),
  mode: z.enum(['plan', 'apply']),
  size: z.number().max(5),
  tags: z.array(z.string()).min(1),
  reason: z.string().min(10, 'a reason of at least 10 characters'),
  items: z.array(z.strictObject({ key: z.string() })).optional(),
});

const good = { name: 'a', mode: 'plan', size: 1, tags: ['t'], reason: 'because it is' };
const message = (input: unknown, options = {}) => {
  const result = validate(schema, input, options);
  return result.ok ? 'ok' : result.message;
};

describe('validate', () => {
  it('names the key path, expected and got, one issue or all', () => {
    expect(message(good)).toBe('ok');
    expect(message({ ...good, name: undefined })).toBe('name: is required (expected string)');
    expect(message({ ...good, name: 3 })).toBe('name: expected string, got number');
    // JSON.parse reads 1e400 as Infinity, which zod refuses as a number.
    expect(message({ ...good, size: JSON.parse('1e400') as number })).toBe('size: expected number, got Infinity');
    expect(message({ ...good, name: '' })).toBe('name: must not be empty');
    expect(message({ ...good, mode: 'destroy' })).toBe('mode: expected "plan" or "apply", got "destroy"');
    expect(message({ ...good, size: 9 })).toBe('size: expected at most 5, got 9');
    expect(message({ ...good, tags: [] })).toBe('tags: expected at least 1 item(s), got 0');
    expect(message({ ...good, reason: 'short' })).toBe('reason: a reason of at least 10 characters');
    expect(message({ ...good, items: [{ key: 'k', kye: 1 }] })).toBe(
      'items[0].kye: unknown key (expected one of: key)',
    );
    expect(message({ ...good, name: 3, size: 9 }, { all: true })).toBe(
      'name: expected string, got number; size: expected at most 5, got 9',
    );
    expect(message([])).toBe('(top level): expected object, got array');
  });

  it('describes a wrong value by its type only when values must not be shown', () => {
    const text = message({ ...good, mode: 'hunter2', size: 12345 }, { all: true, values: false });
    expect(text).toBe('mode: expected "plan" or "apply", got string; size: expected at most 5, got number');
    expect(text).not.toMatch(/hunter2|12345/);
  });

  it('gives the first issue path for a line lookup', () => {
    const result = validate(schema, { ...good, items: [{ key: 1 }] });
    expect(result.ok ? [] : result.path).toEqual(['items', 0, 'key']);
    expect(formatKeyPath(['items', 0, 'key'])).toBe('items[0].key');
  });
});
