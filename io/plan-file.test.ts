import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPlans } from '../src/plan/index.js';
import { MAX_PLAN_CHARACTERS, readPlanFile } from './plan-file.js';

describe('readPlanFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'plan-file-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a plan too large to parse from its size, without reading it, saying what to do', async () => {
    // Sparse: 600 MB on paper, nothing on the disk.
    const file = join(dir, 'huge.json');
    await writeFile(file, '');
    await truncate(file, MAX_PLAN_CHARACTERS + 64 * 1024 * 1024);
    const started = performance.now();
    await expect(loadPlans([{ name: 'production', file }], readPlanFile)).rejects.toThrow(
      `${file}: cannot read the plan of 'production' (576.0 MiB, larger than the 512.0 MiB of text Node.js can parse as one JSON document; plan fewer resources per root (or -target) and render each plan).`,
    );
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('reads a plan of ordinary size', async () => {
    const file = join(dir, 'plan.json');
    await writeFile(file, '{"format_version":"1.2"}');
    expect(await readPlanFile(file)).toBe('{"format_version":"1.2"}');
  });
});
