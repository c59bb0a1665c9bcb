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
  it('passes the database and the file, no summary', () => {
    expect(scanArgs('/tmp/f', '/opt/clamav')).toEqual(['--no-summary', '-d', '/opt/clamav', '/tmp/f']);
  });
});
