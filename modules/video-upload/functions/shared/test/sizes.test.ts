import { describe, expect, it } from 'vitest';
import { formatBytes, MAX_PARTS, MIN_PART_BYTES, partPlan, tooLargeMessage } from '../src/sizes.js';

describe('formatBytes', () => {
  it.each([
    [1, '1 byte'],
    [512, '512 bytes'],
    [1536, '1.5 KB'],
    [10 * 1024, '10 KB'],
    [524_288_000, '500 MB'],
    [629_145_600, '600 MB'],
    [41_943_040, '40 MB'],
    [1.25 * 1024 ** 3, '1.3 GB'],
  ])('%d bytes → %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });

  it('says how much too large a file is', () => {
    expect(tooLargeMessage(629_145_600, 524_288_000)).toBe('The file is 600 MB — the limit is 500 MB.');
    expect(tooLargeMessage(524_288_001, 524_288_000)).toBe(
      'The file is 524,288,001 bytes — the limit is 524,288,000 bytes (500 MB).',
    );
    expect(tooLargeMessage(70 * 1024 * 1024, 64 * 1024 * 1024, 'SVG')).toBe(
      'The file is 70 MB — the limit for SVG files is 64 MB.',
    );
  });
});

describe('partPlan', () => {
  it('cuts 40 MiB into five 8 MiB parts', () => {
    const plan = partPlan(40 * 1024 * 1024);
    expect(plan.partSize).toBe(MIN_PART_BYTES);
    expect(plan.parts.map((p) => [p.partNumber, p.offset, p.size])).toEqual(
      [0, 1, 2, 3, 4].map((i) => [i + 1, i * MIN_PART_BYTES, MIN_PART_BYTES]),
    );
  });

  it('makes the last part shorter and covers every byte exactly once', () => {
    const size = 17 * 1024 * 1024 + 3;
    const { parts } = partPlan(size);
    expect(parts.map((p) => p.size)).toEqual([MIN_PART_BYTES, MIN_PART_BYTES, 1024 * 1024 + 3]);
    expect(parts.reduce((sum, p) => sum + p.size, 0)).toBe(size);
    parts.forEach((p, i) => i > 0 && expect(p.offset).toBe(parts[i - 1]!.offset + parts[i - 1]!.size));
  });

  it('grows the parts (whole MiB) so that a huge file needs at most 10,000', () => {
    const size = 5 * 1024 ** 4; // 5 TiB, the S3 object limit
    const plan = partPlan(size);
    expect(plan.parts.length).toBeLessThanOrEqual(MAX_PARTS);
    expect(plan.partSize % (1024 * 1024)).toBe(0);
  });

  it('rejects a size that is not a positive integer', () => {
    expect(() => partPlan(0)).toThrow(RangeError);
    expect(() => partPlan(1.5)).toThrow(RangeError);
  });
});
