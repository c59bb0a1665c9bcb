import { describe, expect, it } from 'vitest';
import { errorMessage } from '../src/errors.js';

describe('errorMessage', () => {
  it('keeps only the first line of an error message', () => {
    expect(errorMessage(new Error('  cannot read\n    at stack frame'))).toBe('cannot read');
  });

  it('names an error without a message by its name, and describes other thrown values', () => {
    expect(errorMessage(Object.assign(new Error(''), { name: 'TimeoutError' }))).toBe('TimeoutError');
    expect(errorMessage('plain text')).toBe('plain text');
    expect(errorMessage({ code: 42 })).toBe('{"code":42}');
    expect(errorMessage(undefined)).toBe('undefined');
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(errorMessage(circular)).toBe('[object Object]');
  });
});
