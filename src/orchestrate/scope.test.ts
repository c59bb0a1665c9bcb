import { posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HclFile } from '../hcl/index.js';
import {
  createMemoryFileSystem,
  loadRepository,
  normalizeRepoPath,
  type FileSystem,
  type LoadOptions,
  type Repository,
} from '../repo/index.js';
import { random } from '../../test/helpers/random.js';
import { computeAffected, type AffectRules } from './affected.js';
import type { FileChange } from './changes.js';
import { buildRootGraphs, rootNames } from './graph.js';
import { affectedInScope, affectedScope, joinRepoPath } from './scope.js';

const ROOTS = 60;
const MODULES = 14;

const backend = (key: string) => `terraform {\n  backend "s3" {\n    bucket = "state"\n    key    = "${key}"\n  }\n}\n`;

/**
 * Many roots in the shapes the scope reads from text: nested and missing module calls, static
 * reads after `${path.module}`, relative reads (from the root's directory), reads through a
 * variable (any path), fileset() and archive directories, JSON configuration, tfvars, a root
 * nested in another root's directory and roots sharing a last path segment.
 */
function generate(seed: number): Record<string, string> {
  const next = random(seed);
  const pick = (n: number) => Math.floor(next() * n);
  const files: Record<string, string> = {};
  for (let m = 0; m < MODULES; m += 1) {
    const dir = `modules/m${m}`;
    const inner =
      m % 4 === 0 && m + 1 < MODULES ? `module "inner" {\n  source = "../m${m + 1}"\n  name = var.name\n}\n` : '';
    const gone = m === 5 ? 'module "gone" {\n  source = "../gone"\n}\n' : '';
    const reads = [
      `locals {\n  policy = templatefile("\${path.module}/policy-${m}.tpl", { name = var.name })\n}\n`,
      `locals {\n  any = file(var.path)\n}\nvariable "path" {\n  type = string\n  default = "x"\n}\n`,
      `locals {\n  all = fileset("\${path.module}/assets", "*.json")\n}\n`,
      `data "archive_file" "zip" {\n  type        = "zip"\n  source_dir  = "\${path.module}/src"\n  output_path = "\${path.module}/out.zip"\n}\n`,
      `locals {\n  rel = file("shared/common-${m % 3}.json")\n}\n`,
      '',
    ][m % 6];
    files[`${dir}/variables.tf`] = 'variable "name" {\n  type = string\n}\n';
    files[`${dir}/main.tf`] = `${inner}${gone}${reads}`;
    files[`${dir}/policy-${m}.tpl`] = '{}\n';
    files[`${dir}/assets/a.json`] = '{}\n';
    files[`${dir}/src/index.js`] = '//\n';
    files[`${dir}/README.md`] = 'docs\n';
  }
  for (let r = 0; r < ROOTS; r += 1) {
    const root = r === 7 ? 'live/team-0/env-0/nested' : `live/team-${r % 6}/env-${Math.floor(r / 6)}`;
    const calls = Array.from({ length: 1 + pick(3) }, (_, i) => {
      const m = pick(MODULES);
      return `module "c${i}" {\n  source = "../../../modules/m${m}"\n  name = "r${r}"\n${m % 6 === 1 && r % 2 === 0 ? '  path = "${path.root}/data/r.json"\n' : ''}}\n`;
    });
    if (r % 9 === 0) {
      files[`${root}/main.tf.json`] = JSON.stringify({
        terraform: { backend: { s3: { bucket: 'state', key: root } } },
        module: { j: { source: `../../../modules/m${pick(MODULES)}`, name: 'json' } },
      });
    } else {
      files[`${root}/backend.tf`] = backend(root);
      files[`${root}/main.tf`] =
        `${calls.join('')}locals {\n  own = file("\${path.module}/data/r.json")\n  up = file("\${path.module}/../../../shared/common-${r % 3}.json")\n}\n`;
    }
    files[`${root}/data/r.json`] = '{}\n';
    if (r % 5 === 0) files[`${root}/terraform.tfvars`] = `name = "r${r}"\n`;
  }
  for (let i = 0; i < 3; i += 1) files[`shared/common-${i}.json`] = '{}\n';
  files['modules/gone/notes.txt'] = 'no configuration left\n';
  files['docs/guide.md'] = '# guide\n';
  files['.github/workflows/pr.yml'] = 'on: pull_request\n';
  return files;
}

const rules: AffectRules = { allRoots: ['.github/workflows/**'], ignore: ['**/*.md', 'docs/**'] };

async function scoped(files: Record<string, string>, changes: FileChange[]) {
  return affectedInScope(createMemoryFileSystem(files), {}, changes, rules);
}

describe('affected in scope: the same answer as the whole repository', () => {
  it('for changed, deleted and renamed files of generated many-root repositories', async () => {
    for (const seed of [1, 2]) {
      const files = generate(seed);
      const full = await loadRepository(createMemoryFileSystem(files));
      const graphs = await buildRootGraphs(full);
      const fullNames = rootNames(full.roots.map((r) => r.dir));
      const paths = Object.keys(files);
      const next = random(seed + 100);
      const any = () => paths[Math.floor(next() * paths.length)]!;
      const cases: FileChange[][] = [
        ...Array.from({ length: 50 }, () => [{ status: 'modified' as const, path: any() }]),
        ...Array.from({ length: 10 }, () => [{ status: 'deleted' as const, path: any() }]),
        ...Array.from({ length: 10 }, () => [{ status: 'renamed' as const, oldPath: any(), path: any() }]),
        ...Array.from({ length: 10 }, () => [
          { status: 'modified' as const, path: any() },
          { status: 'modified' as const, path: any() },
        ]),
        [{ status: 'added', path: 'modules/gone/main.tf' }],
        [{ status: 'modified', path: 'modules/gone/notes.txt' }],
        [{ status: 'added', path: 'live/team-9/new/x.tf' }],
        [{ status: 'modified', path: 'shared/common-1.json' }],
      ];
      for (const changes of cases) {
        const expected = computeAffected({ graphs, terraformDirs: full.dirs.keys(), changes, rules });
        const result = await scoped(files, changes);
        expect(result.affected, JSON.stringify(changes)).toEqual(expected);
        const names = await result.names();
        for (const { root } of expected) expect(names.get(root), root).toBe(fullNames.get(root));
      }
    }
  }, 120_000);

  it('loads only what a change can reach: a module change loads its users, a docs change nothing', async () => {
    const files = generate(1);
    const total = (await loadRepository(createMemoryFileSystem(files))).dirs.size;
    const module = await scoped(files, [{ status: 'modified', path: 'modules/m3/main.tf' }]);
    expect(module.scope.kind).toBe('some');
    expect(module.repo.dirs.size).toBeGreaterThan(0);
    expect(module.repo.dirs.size).toBeLessThan(total);
    // Modules that read through a variable may read the guide; without them nothing is loaded.
    const docs = [{ status: 'modified' as const, path: 'docs/guide.md' }];
    expect((await scoped(files, docs)).repo.dirs.size).toBeGreaterThan(0);
    const staticReads = Object.fromEntries(
      Object.entries(files).map(([path, text]) => [path, text.replace('file(var.path)', '"x"')]),
    );
    expect((await scoped(staticReads, docs)).repo.dirs.size).toBe(0);
  });

  it('loads everything for what the text cannot decide: all-roots globs, symlinks, Terragrunt, binary', async () => {
    const files = generate(1);
    const scope = (extra: Record<string, string>, links: Record<string, string> = {}, path = 'modules/m1/main.tf') =>
      affectedInScope(
        createMemoryFileSystem({ ...files, ...extra }, links),
        {},
        [{ status: 'modified', path }],
        rules,
      ).then((s) => s.scope.kind);
    expect(await scope({}, {}, '.github/workflows/pr.yml')).toBe('all');
    expect(await scope({}, { 'live/link': 'modules' })).toBe('all');
    expect(await scope({ 'live/unit/terragrunt.hcl': '' })).toBe('all');
    expect(await scope({ 'modules/bin/main.tf': 'a\u0000b' })).toBe('all');
  });

  it('a read the text cannot place makes every root using that module a candidate', () => {
    const files = { 'r/backend.tf': backend('r'), 'r/main.tf': 'module "m" {\n  source = "../m"\n}\n' };
    const text = (body: string) => (path: string) => (path === 'm/main.tf' ? body : files[path as keyof typeof files]);
    const listing = [...Object.keys(files), 'm/main.tf'].map((path) => ({ path }));
    const changes: FileChange[] = [{ status: 'modified', path: 'elsewhere/x.json' }];
    const loads = (body: string) => {
      const scope = affectedScope({ files: listing, text: text(body), changes, rules: { allRoots: [], ignore: [] } });
      return scope.kind === 'some' ? [...scope.load].sort() : scope.kind;
    };
    expect(loads('locals {\n  a = file("${path.module}/own.json")\n}\n')).toEqual([]);
    expect(loads('locals {\n  a = file("${path.module}/${var.x}")\n}\n')).toEqual(['m', 'r']);
    expect(loads('locals {\n  a = file(local.p)\n}\n')).toEqual(['m', 'r']);
    expect(loads('locals {\n  a = file("${path.module}/own.json") == "" ? 1 : 2\n}\n')).toEqual([]);
    expect(loads('locals {\n  a = file("../elsewhere/x.json")\n}\n')).toEqual(['m', 'r']);
    expect(loads('locals {\n  a = file("${path.module}x")\n}\n')).toEqual(['m', 'r']);
  });
});

describe('affected in scope: what the text alone cannot say', () => {
  const calls = (source: string) => `module "x" {\n  source = ${source}\n}\n`;
  /** r calls m through `source`; m calls n; only n changes. */
  const chain = (source: string, extra: Record<string, string> = {}) => ({
    'r/backend.tf': backend('r'),
    'r/main.tf': calls(source),
    'm/main.tf': calls('"../n"'),
    'n/main.tf': 'resource "terraform_data" "n" {}\n',
    'other/backend.tf': backend('other'),
    ...extra,
  });
  const both = async (files: Record<string, string>, changes: FileChange[], options: LoadOptions = {}) => {
    const full = await loadRepository(createMemoryFileSystem(files), options);
    const expected = computeAffected({
      graphs: await buildRootGraphs(full),
      terraformDirs: full.dirs.keys(),
      changes,
      rules,
    });
    const result = await affectedInScope(createMemoryFileSystem(files), options, changes, rules);
    return { expected, result };
  };
  const nChanged: FileChange[] = [{ status: 'modified', path: 'n/main.tf' }];

  it('a module source built by a template or a function is read from the parsed call', async () => {
    for (const source of ['"${"../m"}"', '"../${"m"}"', 'join("/", ["..", "m"])', '("../m")']) {
      const { expected, result } = await both(chain(source), nChanged);
      expect(
        expected.map((a) => a.root),
        source,
      ).toEqual(['r']);
      expect(result.affected, source).toEqual(expected);
      expect(result.scope.kind, source).toBe('some');
    }
  });

  it('a source that names this repository by URL is a call into it', async () => {
    const source = '"git::https://github.com/phenom/infra.git//m?ref=v1"';
    const options = { repositoryUrls: ['git@github.com:phenom/infra.git'] };
    const { expected, result } = await both(chain(source), nChanged, options);
    expect(expected.map((a) => a.root)).toEqual(['r']);
    expect(result.affected).toEqual(expected);
    expect([...(result.scope.kind === 'some' ? result.scope.load : [])].sort()).toEqual(['m', 'n', 'r']);
  });

  it('calls in JSON syntax, with escapes, and in override files are seen', async () => {
    const variants: Record<string, string>[] = [
      { 'r/main.tf': '', 'r/main.tf.json': JSON.stringify({ module: { x: { source: '../m' } } }) },
      { 'r/main.tf': '', 'r/main.tf.json': '{"module": {"x": {"sour\\u0063e": "\\u002e./m"}}}' },
      { 'r/main.tf': calls('"\\u002e\\u002e/m"') },
      { 'r/main.tf': calls('"../elsewhere"'), 'r/main_override.tf': calls('"../m"') },
    ];
    for (const extra of variants) {
      const { expected, result } = await both(chain('"../unused"', extra), nChanged);
      expect(
        expected.map((a) => a.root),
        JSON.stringify(extra),
      ).toEqual(['r']);
      expect(result.affected, JSON.stringify(extra)).toEqual(expected);
    }
  });

  it('a resource `source` that is an expression costs only its own directory a parse', async () => {
    const files = chain('"../m"', {
      'o/main.tf': 'resource "aws_s3_object" "o" {\n  source = "${path.module}/${var.f}"\n}\n',
    });
    const scope = affectedScope({
      files: Object.keys(files).map((path) => ({ path })),
      text: (path) => files[path as keyof typeof files],
      changes: nChanged,
      rules,
    });
    expect(scope).toEqual({ kind: 'parse', dirs: new Set(['o']) });
    const { expected, result } = await both(files, nChanged);
    expect(result.affected).toEqual(expected);
    expect(result.scope.kind).toBe('some');
  });

  it('reads and parses each file once over the scan, the parse step and the names', async () => {
    const files = chain('join("/", ["..", "m"])', { 'x/r/backend.tf': backend('x/r') });
    const memory = createMemoryFileSystem(files);
    const reads = new Map<string, number>();
    const counting: FileSystem = {
      ...memory,
      readText: (path) => {
        reads.set(path, (reads.get(path) ?? 0) + 1);
        return memory.readText(path);
      },
      readTextWithin: (path, maxBytes) => {
        reads.set(path, (reads.get(path) ?? 0) + 1);
        return memory.readTextWithin(path, maxBytes);
      },
    };
    const loaded: Repository[] = [];
    const result = await affectedInScope(counting, {}, nChanged, rules, (repo) => loaded.push(repo));
    expect((await result.names()).get('x/r')).toBe('x-r');
    // The parse step (r's module call), the scoped load and the names' load (both roots named r).
    expect(loaded).toHaveLength(3);
    const parsed = new Map<string, HclFile>();
    for (const repo of loaded)
      for (const dir of repo.dirs.values())
        for (const file of dir.files) {
          expect(parsed.get(file.path) ?? file, file.path).toBe(file);
          parsed.set(file.path, file);
        }
    expect(parsed.get('r/main.tf')).toBeDefined();
    expect([...reads.values()].every((n) => n === 1)).toBe(true);
  });

  it('joins paths exactly as node:path does', () => {
    const next = random(7);
    const pieces = ['a', 'b', '..', '.', '', 'c.d', '...', '..a'];
    const pathOf = (n: number) => Array.from({ length: n }, () => pieces[Math.floor(next() * pieces.length)]).join('/');
    for (let i = 0; i < 5000; i += 1) {
      // A repository directory: normalised, inside the repository.
      const dir = normalizeRepoPath(pathOf(Math.floor(next() * 4)).replace(/^\/+/, '') || '.');
      if (dir === '..' || dir.startsWith('../')) continue;
      const path = `${next() < 0.2 ? '/' : ''}${pathOf(Math.floor(next() * 6))}${next() < 0.2 ? '/' : ''}`;
      expect(joinRepoPath(dir, path), `${dir} + ${path}`).toBe(normalizeRepoPath(posix.join(dir, path)));
    }
  });
});
