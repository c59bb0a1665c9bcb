import { describe, expect, it } from 'vitest';
import { formatNumber } from '../numbers.js';

const intl = new Intl.NumberFormat('en-US');

describe('formatNumber', () => {
  it('prints what an en-US Intl.NumberFormat prints, for whole numbers and every other value', () => {
    const values = [
      0,
      -0,
      1,
      -1,
      999,
      1000,
      -1000,
      12_345,
      999_999,
      1_000_000,
      -1_234_567,
      Number.MAX_SAFE_INTEGER,
      Number.MIN_SAFE_INTEGER,
      Number.MAX_SAFE_INTEGER + 1,
      1e21,
      1.5,
      -1234.5678,
      0.0001,
      NaN,
      Infinity,
      -Infinity,
    ];
    for (let i = 0; i < 2000; i += 1) values.push(Math.floor((i * 7919) ** 1.7) * (i % 3 === 0 ? -1 : 1));
    for (const value of values) expect(formatNumber(value), String(value)).toBe(intl.format(value));
  });
});
