import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { remoteUrls } from './git.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'git-remotes-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });

describe('remoteUrls', () => {
  it('lists every fetch and push URL of every remote once', async () => {
    git('init', '-q');
    git('remote', 'add', 'origin', 'https://github.com/acme/infra.git');
    git('remote', 'set-url', '--add', '--push', 'origin', 'git@github.com:acme/infra.git');
    git('remote', 'add', 'mirror', 'https://github.com/acme/infra.git');
    expect(await remoteUrls(dir)).toEqual(['https://github.com/acme/infra.git', 'git@github.com:acme/infra.git']);
  });

  it('finds none in a work tree without remotes, outside one, or where there is no directory', async () => {
    expect(await remoteUrls(dir)).toEqual([]);
    git('init', '-q');
    expect(await remoteUrls(dir)).toEqual([]);
    expect(await remoteUrls(join(dir, 'missing'))).toEqual([]);
  });
});
