import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { interpretClamscan, scanArgs, scanTimeoutMs } from '../src/clamav.js';
import { scanWithin } from '../src/index.js';

describe('interpretClamscan', () => {
  it('maps exit 0 to clean', () => {
    expect(interpretClamscan(0, '/tmp/x/object: OK\n', '')).toEqual({ status: 'clean' });
  });
  it('maps exit 1 to infected with the signature name', () => {
    expect(interpretClamscan(1, '/tmp/x/object: Win.Test.EICAR_HDB-1 FOUND\n', '')).toEqual({
      status: 'infected',
      signature: 'Win.Test.EICAR_HDB-1',
    });
  });
  it('maps exit 2 and anything else to an error with the last message line', () => {
    expect(
      interpretClamscan(
        2,
        '',
        "LibClamAV Error: cl_load(): No such file or directory: /opt/clamav\nERROR: Can't get file status\n",
      ),
    ).toEqual({
      status: 'error',
      detail: "clamscan exited with 2: ERROR: Can't get file status",
    });
    expect(interpretClamscan(null, '', '')).toEqual({ status: 'error', detail: 'clamscan exited with a signal' });
  });
  it('treats a file beyond the scanner limits as a scan that did not finish, not as a virus', () => {
    expect(interpretClamscan(1, '/tmp/x/object: Heuristics.Limits.Exceeded.MaxFileSize FOUND\n', '')).toEqual({
      status: 'error',
      detail: 'clamscan could not scan the whole file (Heuristics.Limits.Exceeded.MaxFileSize)',
    });
  });
  it('passes the database and the file, no summary', () => {
    const args = scanArgs('/tmp/f', '/opt/clamav');
    expect(args.slice(0, 1)).toEqual(['--no-summary']);
    expect(args.slice(-3)).toEqual(['-d', '/opt/clamav', '/tmp/f']);
  });
  it('scans the whole of an upload larger than clamscan would by default, and alerts past its limits', () => {
    const args = scanArgs('/tmp/f', '/opt/clamav', 300_000);
    // clamscan's defaults skip a file over 100 MB (and 400 MB of data) and report it clean.
    const limit = (name: string) => Number(args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1]);
    expect(limit('max-filesize')).toBeGreaterThanOrEqual(524_288_000);
    expect(limit('max-scansize')).toBeGreaterThanOrEqual(524_288_000);
    expect(limit('max-scantime')).toBe(300_000);
    expect(args).toContain('--alert-exceeds-max=yes');
  });
});

describe('scanTimeoutMs', () => {
  it('ends a scan before the invocation does, with time left to report it', () => {
    // A 300 s function (file_validator_timeout's default) that has used 20 s.
    const limit = scanTimeoutMs(280_000);
    // clamscan is killed 5 s after its own limit; the handler still logs and answers after that.
    expect(limit + 5_000).toBeLessThan(280_000);
    expect(limit).toBeGreaterThan(250_000);
  });
  it('keeps the default when the invocation has longer than that', () => {
    expect(scanTimeoutMs(900_000)).toBe(600_000);
  });
  it('still gives a scan a moment when almost nothing is left (it then fails, and Lambda retries)', () => {
    expect(scanTimeoutMs(3_000)).toBe(1_000);
  });
});

describe('scanWithin', () => {
  it('passes each scan the time the invocation has left when the scan starts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'scan-within-'));
    try {
      // A stand-in scanner that records its arguments and reports the file clean.
      const scanner = join(dir, 'clamscan');
      await writeFile(scanner, `#!/bin/sh\nprintf '%s\\n' "$@" >> "${dir}/args"\nexit 0\n`, { mode: 0o755 });
      let left = 120_000;
      const scan = scanWithin(
        { enabled: true, clamscanPath: scanner, dbPath: '/opt/clamav' },
        {
          getRemainingTimeInMillis: () => left,
        },
      );
      expect(await scan(join(dir, 'first'))).toEqual({ status: 'clean' });
      left = 60_000;
      expect(await scan(join(dir, 'second'))).toEqual({ status: 'clean' });
      const limits = (await readFile(join(dir, 'args'), 'utf8'))
        .split('\n')
        .filter((a) => a.startsWith('--max-scantime='));
      expect(limits).toEqual([`--max-scantime=${scanTimeoutMs(120_000)}`, `--max-scantime=${scanTimeoutMs(60_000)}`]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
