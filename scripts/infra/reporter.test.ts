import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { createReporter, detectMode } from './reporter.js';

function capture() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { stream, text: () => text };
}

describe('reporter', () => {
  it('detects GitHub Actions, a terminal, or plain output', () => {
    expect(detectMode({ GITHUB_ACTIONS: 'true' }, { isTTY: true })).toBe('github');
    expect(detectMode({}, { isTTY: true })).toBe('tty');
    expect(detectMode({ TERM: 'dumb' }, { isTTY: true })).toBe('plain');
    expect(detectMode({}, {})).toBe('plain');
  });

  it('prints a finished root as one group with workflow commands stopped inside', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'reporter-'));
    const log = join(dir, 'plan.log');
    await writeFile(log, '::error::injected by a log line\nPlan: 1 to add\n');
    const out = capture();
    const reporter = createReporter('plan', 'github', out.stream, capture().stream);
    await reporter.finish('production', 'environments/production', { ok: false, summary: 'plan: 50%\nbroken' }, log);
    const lines = out.text().split('\n');
    expect(lines[0]).toBe('::group::production (environments/production): FAILED — plan: 50%25 broken');
    const token = /^::stop-commands::(.+)$/.exec(lines.find((l) => l.startsWith('::stop-commands::')) ?? '')?.[1];
    expect(token).toBeTruthy();
    const text = out.text();
    expect(text.indexOf('::error::injected')).toBeGreaterThan(text.indexOf(`::stop-commands::${token}`));
    expect(text.indexOf('::error::injected')).toBeLessThan(text.indexOf(`::${token}::`));
    expect(text).toContain('::endgroup::\n::error title=infra plan environments/production::plan: 50%25%0Abroken\n');
  });

  it('resumes workflow commands with a token the log cannot guess', async () => {
    // The plan log quotes values the pull request chose: a line naming the token would resume
    // workflow commands inside the log. Neither the root's name nor the time may give it away.
    const now = 1_767_225_600_000;
    vi.spyOn(Date, 'now').mockReturnValue(now);
    try {
      const dir = await mkdtemp(join(tmpdir(), 'reporter-'));
      const log = join(dir, 'plan.log');
      const guesses = [now, now + 1].map((time) => `::infra-production-${time.toString(36)}::`);
      await writeFile(log, `${guesses.join('\n')}\n::error::resumed by a log line\n`);
      const tokens: string[] = [];
      for (let i = 0; i < 2; i += 1) {
        const out = capture();
        await createReporter('plan', 'github', out.stream, capture().stream).finish(
          'production',
          'environments/production',
          { ok: true, summary: 'no changes' },
          log,
        );
        const token = /^::stop-commands::(.+)$/m.exec(out.text())![1]!;
        expect(out.text().indexOf(`::${token}::`)).toBeGreaterThan(out.text().indexOf('::error::resumed'));
        tokens.push(token);
      }
      for (const token of tokens) expect(guesses).not.toContain(`::${token}::`);
      expect(tokens[0]).not.toBe(tokens[1]);
    } finally {
      vi.restoreAllMocks();
    }
  });

  it('redraws one status line per root in a terminal', async () => {
    const err = capture();
    const reporter = createReporter('plan', 'tty', capture().stream, err.stream);
    reporter.start('a');
    reporter.start('b');
    reporter.step('a', 'init');
    await reporter.finish('b', 'envs/b', { ok: true, summary: 'no changes' }, '/nonexistent');
    const frames = err.text();
    expect(frames).toContain('\x1b[2A');
    expect(frames.endsWith(`\x1b[2K  ${'a'.padEnd(24)} … init\n\x1b[2K  ${'b'.padEnd(24)} ✓ no changes\n`)).toBe(true);
  });

  it('keeps a root path with commas and colons whole in the annotation title', async () => {
    const out = capture();
    const reporter = createReporter('plan', 'github', out.stream, capture().stream);
    await reporter.finish('odd', 'live/a,b:c', { ok: false, summary: 'failed: 100%' }, '/nonexistent');
    expect(out.text()).toContain('\n::error title=infra plan live/a%2Cb%3Ac::failed: 100%25\n');
  });
});
