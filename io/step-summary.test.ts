import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryLogger } from '../src/lib/logger.js';
import { appendStepSummary } from './step-summary.js';

afterEach(() => vi.unstubAllEnvs());

describe('appendStepSummary', () => {
  it('appends each report on its own lines', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'step-summary-'));
    try {
      const file = join(dir, 'summary.md');
      vi.stubEnv('GITHUB_STEP_SUMMARY', file);
      const logger = createMemoryLogger();
      expect(await appendStepSummary(() => '# one', logger)).toBe(true);
      expect(await appendStepSummary(() => '# two\n', logger)).toBe(true);
      expect(await readFile(file, 'utf8')).toBe('# one\n# two\n');
      expect(logger.messages).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('warns once and renders nothing when the runner has no job summary', async () => {
    vi.stubEnv('GITHUB_STEP_SUMMARY', '');
    const logger = createMemoryLogger();
    const render = vi.fn(() => '# report');
    expect(await appendStepSummary(render, logger)).toBe(false);
    expect(render).not.toHaveBeenCalled();
    expect(logger.messages).toEqual([
      { level: 'warning', message: 'GITHUB_STEP_SUMMARY is not set: no job summary written.' },
    ]);
  });
});
