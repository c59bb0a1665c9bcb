import { describe, expect, it } from 'vitest';
import { posix } from 'node:path';
import { listFiles, normalizeRepoPath, pathMatcher } from './files.js';
import { createMemoryFileSystem } from './memory-fs.js';
import { loadRepository } from './repository.js';

const backend = 'terraform {\n  backend "s3" {}\n}\n';

const tree = createMemoryFileSystem({
  '.git/config': '',
  'node_modules/x/main.tf': backend,
  'environments/production/.terraform/modules/m/main.tf': backend,
  // Real roots whose names other tools hard-code as build or test output.
  'environments/test/main.tf': backend,
  'dist/main.tf': backend,
  'environments/production/main.tf': backend,
  'examples/old/broken.tf': 'resource "x" {\n',
  'examples/old/README.md': '# old\n',
  'docs/a.md': '',
});

const paths = async (options: Parameters<typeof listFiles>[1]) => (await listFiles(tree, options)).map((f) => f.path);

describe('listFiles', () => {
  it('skips only .git, node_modules and .terraform unless told otherwise: no other name is special', async () => {
    expect(await paths({})).toEqual([
      'dist/main.tf',
      'docs/a.md',
      'environments/production/main.tf',
      'environments/test/main.tf',
      'examples/old/README.md',
      'examples/old/broken.tf',
    ]);
    expect((await loadRepository(tree)).roots.map((r) => r.dir)).toEqual([
      'dist',
      'environments/production',
      'environments/test',
    ]);
  });

  it('applies the configured exclude and include globs', async () => {
    expect(await paths({ exclude: ['examples/**', 'dist'] })).toEqual([
      'docs/a.md',
      'environments/production/main.tf',
      'environments/test/main.tf',
    ]);
    // A pattern without a slash matches a name at any depth; with one, a path from the root.
    expect(await paths({ exclude: ['test'] })).not.toContain('environments/test/main.tf');
    expect(await paths({ exclude: ['*.md'] })).not.toContain('docs/a.md');
    expect(await paths({ include: ['environments', 'examples/**/*.md'] })).toEqual([
      'environments/production/main.tf',
      'environments/test/main.tf',
      'examples/old/README.md',
    ]);
  });

  it('matches globs like the model documents them', () => {
    const match = pathMatcher(['.infra/**', 'coverage']);
    expect([match('.infra'), match('.infra/plan/x.json'), match('a/coverage'), match('coverage.txt')]).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });
});

describe('normalizeRepoPath', () => {
  it('gives what posix.normalize gives (trailing / dropped, . for nothing) for every short path of these pieces', () => {
    const pieces = ['a', 'b.c', '.', '..', '', '...', '.x', 'x.'];
    const expected = (path: string) => {
      const normalized = posix.normalize(path);
      return normalized === '' ? '.' : normalized.replace(/\/$/, '');
    };
    let paths = 0;
    const visit = (path: string, depth: number): void => {
      for (const lead of ['', '/']) {
        expect(normalizeRepoPath(lead + path), lead + path).toBe(expected(lead + path));
        paths += 1;
      }
      if (depth < 4)
        for (const piece of pieces) visit(path === '' && depth === 0 ? piece : `${path}/${piece}`, depth + 1);
    };
    visit('', 0);
    expect(paths).toBeGreaterThan(5000);
  });
});
