/**
 * The generated samples are what they claim to be according to an implementation other than
 * the one the validator uses: libmagic (`file`), Debian's file-type database.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { elfExecutable, mediaSamples } from './samples.js';

const dir = mkdtempSync(join(tmpdir(), 'samples-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function libmagic(name: string, bytes: Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return execFileSync('file', ['--brief', '--mime-type', path], { encoding: 'utf8' }).trim();
}

// libmagic names WMV by its container (ASF); everything else by the type we declare.
const libmagicName: Record<string, string> = { 'video/x-ms-wmv': 'video/x-ms-asf' };

describe('generated samples', () => {
  it.each(mediaSamples().map((s) => [s.name, s] as const))(
    '%s is recognised by libmagic as its declared type',
    (_, sample) => {
      expect(libmagic(sample.name, sample.bytes)).toBe(libmagicName[sample.contentType] ?? sample.contentType);
    },
  );

  it('the executable posing as a JPEG is an ELF binary', () => {
    expect(libmagic('holiday.jpg', elfExecutable())).toMatch(/^application\/x-(pie-)?(executable|sharedlib)$/);
  });
});
