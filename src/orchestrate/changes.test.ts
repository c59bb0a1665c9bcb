import { describe, expect, it } from 'vitest';
import { parseNameStatus, parseUntracked, touchedPaths } from './changes.js';

describe('parseNameStatus', () => {
  it('reads NUL-separated records, with both paths for renames and copies', () => {
    const output = [
      'M',
      'a b/main.tf',
      'R087',
      'envs/dev/x.tf',
      'envs/prod/x.tf',
      'D',
      'modules/gone/main.tf',
      'C100',
      'src.tf',
      'copy.tf',
      'A',
      'line\nbreak.tf',
      'T',
      'link',
      '',
    ].join('\0');
    expect(parseNameStatus(output)).toEqual([
      { status: 'modified', path: 'a b/main.tf' },
      { status: 'renamed', oldPath: 'envs/dev/x.tf', path: 'envs/prod/x.tf' },
      { status: 'deleted', path: 'modules/gone/main.tf' },
      { status: 'copied', oldPath: 'src.tf', path: 'copy.tf' },
      { status: 'added', path: 'line\nbreak.tf' },
      { status: 'type-changed', path: 'link' },
    ]);
  });

  it('accepts empty output', () => {
    expect(parseNameStatus('')).toEqual([]);
  });

  it('rejects output that is not name-status -z', () => {
    expect(() => parseNameStatus('M\tmain.tf\n')).toThrow(/unexpected status field 'M\tmain.tf/);
    expect(() => parseNameStatus('R100\0only-old.tf\0')).toThrow(/R100 without both paths/);
  });
});

describe('touchedPaths', () => {
  it('counts both sides of a rename but only the new side of a copy', () => {
    expect(
      touchedPaths([
        { status: 'renamed', oldPath: 'b/old.tf', path: 'a/new.tf' },
        { status: 'copied', oldPath: 'c/source.tf', path: 'c/copy.tf' },
        ...parseUntracked('x y.tf\0a/new.tf\0'),
      ]),
    ).toEqual(['a/new.tf', 'b/old.tf', 'c/copy.tf', 'x y.tf']);
  });
});
