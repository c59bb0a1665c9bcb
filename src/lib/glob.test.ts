import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import { ConfigurationError } from './errors.js';
import { anyGlobMatcher, globMatcher } from './glob.js';
import { parseEnvironmentModel } from '../model/schema.js';
import { parseInfraConfig } from '../orchestrate/config.js';
import { listFiles } from '../repo/files.js';
import { createMemoryFileSystem } from '../repo/memory-fs.js';

const PATTERNS = [
  '**/*.tf',
  '*.tf',
  'environments/*/main.tf',
  'dir/**',
  'dir',
  '**/.terraform/**',
  'a/**/b',
  '{a,b}/**/[!x]?.tf',
  '**/modules/**/*.tf',
  '**/test*/**/*_test*.tf',
  'live/*/env-*/**/*.hcl',
  '@(a|b)*/**',
  '+(x)/*',
  'docs/*.md',
  'a[1].tf',
];
const PATHS = [
  'main.tf',
  'a/main.tf',
  'environments/production/main.tf',
  'environments/production/sub/main.tf',
  'dir',
  'dir/x',
  'dir/x/y.tf',
  '.terraform/modules/x.tf',
  'a/.terraform/x',
  'a/b',
  'a/x/y/b',
  'b/q/zz.tf',
  'a/xz.tf',
  'modules/rds/main.tf',
  'x/modules/rds/y/main.tf',
  'tests/unit/a_test_b.tf',
  'live/team-1/env-3/sub/terragrunt.hcl',
  'ab/c',
  'xx/y',
  'docs/readme.md',
  '.github/workflows/plan.yml',
  'a[1].tf',
  'a1.tf',
];

describe('globMatcher', () => {
  it('matches as picomatch does with dot: true, on both of its engines', () => {
    for (const pattern of PATTERNS)
      for (const path of PATHS)
        expect(globMatcher(pattern)(path), `${pattern} ~ ${path}`).toBe(
          picomatch.isMatch(path, pattern, { dot: true }),
        );
  });

  it('answers a hostile glob against a hostile name at once instead of backtracking for hours', () => {
    const started = performance.now();
    const match = globMatcher('*a*a*a*a*a*a*a*a*a*a*a*a*b');
    expect(match('a'.repeat(60))).toBe(false);
    expect(match(`${'a'.repeat(60)}b`)).toBe(true);
    expect(globMatcher('**/*a*a*a*a*a*a*a*a*a*a*a*a*b')(`x/${'a'.repeat(200)}`)).toBe(false);
    expect(globMatcher('@(a*)*(a*)*(a*)*(a*)*(a*)x')('a'.repeat(40))).toBe(false);
    // Alternatives multiply too: picomatch's expression takes minutes on thirty of them.
    expect(globMatcher('{a,a}'.repeat(30))(`${'a'.repeat(30)}b`)).toBe(false);
    expect(globMatcher('{a,a}'.repeat(30))('a'.repeat(30))).toBe(true);
    // picomatch's own expression takes minutes on the first of these.
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('refuses, in one line naming the glob, a negated extglob (it needs a look-ahead)', () => {
    expect(() => globMatcher('!(a*a*a*b)')).toThrow(ConfigurationError);
    expect(() => globMatcher('!(a*a*a*b)')).toThrow(/^The glob '!\(a\*a\*a\*b\)' cannot be matched in bounded time/);
    expect(() => globMatcher('modules/!(legacy)/**')).toThrow(ConfigurationError);
  });

  it('matches any of several globs', () => {
    const match = anyGlobMatcher(['*.md', '**/*.tf']);
    expect(['a.md', 'x/y.tf', 'x/y.md'].map(match)).toEqual([true, true, false]);
  });
});

describe('globs in the configuration files', () => {
  it('are refused at the line that holds one that cannot be bounded', () => {
    const model =
      'version: 1\nfiles:\n  exclude:\n    - "!(a*a*a*b)"\nenvironments:\n  - name: production\n    roots: [environments/production]\n';
    expect(() => parseEnvironmentModel(model, 'environments.yaml')).toThrow(
      /^environments\.yaml: files\.exclude\[0\]: cannot be matched in bounded time.* \(line 4\)$/,
    );
    expect(() => parseInfraConfig('ignore:\n  - "!(a*a*a*b)"\n', 'infra.yaml')).toThrow(
      /^infra\.yaml: ignore\[0\]: cannot be matched in bounded time.* \(line 2\)$/,
    );
  });

  it('keep a hostile exclude from hanging the listing of a hostile file name', async () => {
    const fs = createMemoryFileSystem({ [`${'a'.repeat(60)}.tf`]: '', 'main.tf': '' });
    const started = performance.now();
    const files = await listFiles(fs, { exclude: ['*a*a*a*a*a*a*a*a*a*a*a*a*b'] });
    expect(files.map((f) => f.path).sort()).toEqual([`${'a'.repeat(60)}.tf`, 'main.tf']);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
