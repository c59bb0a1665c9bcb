/**
 * The real clamscan on files beyond its default limits: a large infected upload must be
 * found, not skipped and reported clean. The large file is sparse (zeros cost no disk).
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clamscan } from '../../../modules/video-upload/functions/file-validator/src/clamav.js';

const workDir = mkdtempSync(join(tmpdir(), 'clamav-it-'));
const db = join(workDir, 'db');
const payload = 'PHENOM-TEST-PAYLOAD-5f1c9e';

beforeAll(() => {
  mkdirSync(db);
  // A body signature (any offset) for the payload, made here; no download.
  writeFileSync(join(db, 'phenom-test.ndb'), `Phenom.Test.Payload:0:*:${Buffer.from(payload).toString('hex')}\n`);
  // Checks the database works at all.
  writeFileSync(join(workDir, 'small'), `prefix ${payload}`);
});

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function sparseFileEndingIn(name: string, zeros: number, tail: string): string {
  const file = join(workDir, name);
  writeFileSync(file, '');
  truncateSync(file, zeros);
  appendFileSync(file, tail);
  return file;
}

describe('clamscan on large uploads', () => {
  it('finds a signature in a small file', async () => {
    expect(await clamscan(join(workDir, 'small'), { clamscanPath: 'clamscan', dbPath: db })).toMatchObject({
      status: 'infected',
      signature: expect.stringContaining('Phenom.Test.Payload'),
    });
  });

  it('finds a signature at the end of a 120 MB file (clamscan skips files over 100 MB by default)', async () => {
    const file = sparseFileEndingIn('large', 120 * 1024 * 1024, payload);
    expect(execFileSync('clamscan', ['--no-summary', '-d', db, file], { encoding: 'utf8' })).toMatch(/: OK$/m);
    expect(await clamscan(file, { clamscanPath: 'clamscan', dbPath: db })).toMatchObject({
      status: 'infected',
      signature: expect.stringContaining('Phenom.Test.Payload'),
    });
  });

  it('reports a scan that ran out of time as an error, never clean', async () => {
    const file = sparseFileEndingIn('slow', 120 * 1024 * 1024, 'clean tail');
    const result = await clamscan(file, { clamscanPath: 'clamscan', dbPath: db, timeoutMs: 1 });
    expect(result.status).toBe('error');
  });
});
