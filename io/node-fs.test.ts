/**
 * The two FileSystem implementations keep one contract: the same tree, written to disk for
 * the Node.js one and described as a map for the in-memory one, answers the same.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createMemoryFileSystem, FileSystemError, listFiles, type FileSystem } from '../src/repo/index.js';
import { tempRepo } from '../test/helpers/temp-repo.js';
import { fileName, nodeFileSystem } from './node-fs.js';

const files = {
  'environments/production/main.tf': 'resource "x" "y" {}\n',
  'modules/app/main.tf': '\ufeffvariable "a" {}\n',
  'modules/app/data.bin': Buffer.from([0, 1, 2, 0xff]),
  'outside-target.txt': 'target',
};
const links = {
  // A module directory that is a symlink into another directory, and a chain of links.
  'modules/prod-copy': '../environments/production',
  'environments/development/shared.txt': '../../outside-target.txt',
  'environments/development/again.txt': 'shared.txt',
  'loop-a': 'loop-b',
  'loop-b': 'loop-a',
  'broken.txt': 'missing.txt',
};

const implementations: [string, () => Promise<FileSystem>][] = [
  ['in memory', async () => createMemoryFileSystem(files, links)],
  ['on disk', async () => nodeFileSystem(await tempRepo(files, links))],
];

describe.each(implementations)('FileSystem %s', (_name, make) => {
  it('lists entries with their own kind (a symlink to a directory is a symlink)', async () => {
    const fs = await make();
    const entries = (await fs.list('modules')).sort((a, b) => (a.name < b.name ? -1 : 1));
    expect(entries).toEqual([
      { name: 'app', kind: 'directory' },
      { name: 'prod-copy', kind: 'symlink' },
    ]);
    expect((await fs.list('.')).map((e) => e.name).sort()).toEqual([
      'broken.txt',
      'environments',
      'loop-a',
      'loop-b',
      'modules',
      'outside-target.txt',
    ]);
  });

  it('reads text (BOM kept: the repository model drops it), follows links when reading', async () => {
    const fs = await make();
    expect(await fs.readText('modules/app/main.tf')).toBe('\ufeffvariable "a" {}\n');
    expect(await fs.readText('environments/development/again.txt')).toBe('target');
    expect(await fs.readText('modules/app/data.bin')).toBe('\u0000\u0001\u0002\ufffd');
  });

  it('reads a text within a size limit, or says it is larger without reading it', async () => {
    const fs = await make();
    expect(await fs.readTextWithin?.('modules/app/data.bin', 4)).toBe('\u0000\u0001\u0002\ufffd');
    expect(await fs.readTextWithin?.('modules/app/data.bin', 3)).toBeUndefined();
    expect(await fs.readTextWithin?.('environments/development/again.txt', 6)).toBe('target');
    await expect(fs.readTextWithin?.('nope.tf', 10)).rejects.toThrow('nope.tf: no such file or directory (ENOENT)');
  });

  it('lstat and readlink describe the link itself', async () => {
    const fs = await make();
    expect(await fs.lstat('modules/app/data.bin')).toEqual({ kind: 'file', size: 4 });
    expect((await fs.lstat('modules/prod-copy')).kind).toBe('symlink');
    expect((await fs.lstat('modules')).kind).toBe('directory');
    expect(await fs.readlink('modules/prod-copy')).toBe('../environments/production');
  });

  it('realpath resolves every link on the way, repository-relative', async () => {
    const fs = await make();
    expect(await fs.realpath('modules/prod-copy')).toBe('environments/production');
    expect(await fs.realpath('modules/prod-copy/main.tf')).toBe('environments/production/main.tf');
    expect(await fs.realpath('environments/development/again.txt')).toBe('outside-target.txt');
    expect(await fs.realpath('.')).toBe('.');
  });

  it('fails with a FileSystemError naming the path and the POSIX code', async () => {
    const fs = await make();
    const failure = async (promise: Promise<unknown>) => {
      const error = await promise.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(FileSystemError);
      return (error as FileSystemError).code;
    };
    expect(await failure(fs.readText('nope.tf'))).toBe('ENOENT');
    expect(await failure(fs.readText('broken.txt'))).toBe('ENOENT');
    expect(await failure(fs.realpath('loop-a'))).toBe('ELOOP');
    expect(await failure(fs.list('outside-target.txt'))).toBe('ENOTDIR');
    expect(await failure(fs.readlink('outside-target.txt'))).toBe('EINVAL');
    await expect(fs.readText('nope.tf')).rejects.toThrow('nope.tf: no such file or directory (ENOENT)');
  });

  it('the walk lists files and links (never following them), skipping what the filter excludes', async () => {
    const fs = await make();
    const all = await listFiles(fs, { exclude: ['app'] });
    expect(all.map((f) => f.path)).toEqual([
      'broken.txt',
      'environments/development/again.txt',
      'environments/development/shared.txt',
      'environments/production/main.tf',
      'loop-a',
      'loop-b',
      'modules/prod-copy',
      'outside-target.txt',
    ]);
    expect(all.find((f) => f.path === 'modules/prod-copy')?.symlink).toEqual({
      raw: '../environments/production',
      target: 'environments/production',
    });
  });
});

describe('file names that are not UTF-8', () => {
  it('are listed once each, distinct from any other name, and read, linked and resolved by their own bytes', async () => {
    const root = await tempRepo({ 'env/ok.tf': 'a = 1\n' });
    const raw = (...parts: (string | number[])[]) =>
      Buffer.concat([
        Buffer.from(`${root}/`),
        ...parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Uint8Array.from(p))),
      ]);
    mkdirSync(raw('env/', [0xff], 'dir'));
    writeFileSync(raw('env/', [0xff], 'dir/main.tf'), 'b = 2\n');
    writeFileSync(raw('env/', [0xff], '.tf'), 'c = 3\n');
    writeFileSync(raw('env/', [0xfe], '.tf'), 'd = 4\n');
    // A real U+FFFD in a name is UTF-8, and stays a name of its own.
    writeFileSync(raw('env/\ufffd.tf'), 'e = 5\n');
    symlinkSync(Buffer.concat([Buffer.from([0xff]), Buffer.from('dir/main.tf')]), raw('env/', [0xfd], '-link.tf'));
    const fs = nodeFileSystem(root);
    const files = await listFiles(fs);
    expect(files.map((f) => f.path)).toEqual([
      'env/ok.tf',
      'env/\udcfd-link.tf',
      'env/\udcfe.tf',
      'env/\udcff.tf',
      'env/\udcffdir/main.tf',
      'env/\ufffd.tf',
    ]);
    const texts = await Promise.all(files.filter((f) => !f.symlink).map((f) => fs.readText(f.path)));
    expect(texts).toEqual(['a = 1\n', 'd = 4\n', 'c = 3\n', 'b = 2\n', 'e = 5\n']);
    expect(files[1]?.symlink).toEqual({ raw: '\udcffdir/main.tf', target: 'env/\udcffdir/main.tf' });
    expect(await fs.realpath('env/\udcfd-link.tf')).toBe('env/\udcffdir/main.tf');
    expect(await fs.readText('env/\udcfd-link.tf')).toBe('b = 2\n');
    expect(await fs.readTextWithin('env/\udcfe.tf', 100)).toBe('d = 4\n');
    expect((await fs.lstat('env/\udcffdir')).kind).toBe('directory');
  });

  it('decode as UTF-8 with each stray byte as U+DC00 + byte', () => {
    expect(fileName(Buffer.from('ça va'))).toBe('ça va');
    expect(fileName(Buffer.from([0x61, 0xc3, 0x62, 0xed, 0xa0, 0x80, 0xf4, 0x90, 0x80, 0x80, 0xe2, 0x82, 0xac]))).toBe(
      'a\udcc3b\udced\udca0\udc80\udcf4\udc90\udc80\udc80€',
    );
  });
});
