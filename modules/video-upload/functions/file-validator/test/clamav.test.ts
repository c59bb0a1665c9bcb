import { describe, expect, it } from 'vitest';
import { interpretClamscan, scanArgs } from '../src/clamav.js';

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
