import { describe, expect, it } from 'vitest';
import { createMemoryFileSystem, loadRepository } from '../repo/index.js';
import { fixtureFiles } from '../../test/helpers/guard-fixtures.js';
import { computeAffected, describeReason, type AffectRules } from './affected.js';
import type { FileChange } from './changes.js';
import { buildRootGraphs } from './graph.js';

const backend = (key: string) => `terraform {\n  backend "s3" {\n    bucket = "state"\n    key    = "${key}"\n  }\n}\n`;
const call = (name: string, source: string, extra = '') => `module "${name}" {\n  source = "${source}"\n${extra}}\n`;

/** production uses alb (which uses net) and shared; development uses shared and db. */
const graphRepo = {
  'environments/production/backend.tf': backend('prod'),
  'environments/production/main.tf': call('alb', '../../modules/alb') + call('shared', '../../modules/shared'),
  'environments/development/backend.tf': backend('dev'),
  'environments/development/main.tf': call('shared', '../../modules/shared') + call('db', '../../modules/db'),
  'modules/alb/main.tf': call('net', '../net'),
  'modules/net/main.tf': 'resource "aws_vpc" "this" {}\n',
  'modules/shared/main.tf':
    'locals {\n  policy = templatefile("${path.module}/../../templates/policy.json.tpl", {})\n  notes  = file("${path.module}/NOTES.md")\n}\n',
  'modules/shared/NOTES.md': 'read by file()\n',
  'modules/shared/README.md': 'docs\n',
  'modules/db/main.tf': 'resource "aws_db_instance" "this" {}\n',
  'modules/unused/main.tf': '',
  'templates/policy.json.tpl': '{}\n',
  'docs/guide.md': 'docs\n',
};

const rules: AffectRules = {
  allRoots: ['.github/workflows/pr.yml', 'package-lock.json'],
  ignore: ['**/*.md', 'docs/**'],
};

async function affected(files: Record<string, string>, changes: FileChange[], ruleSet = rules) {
  const repo = await loadRepository(createMemoryFileSystem(files));
  const result = computeAffected({
    graphs: await buildRootGraphs(repo),
    terraformDirs: repo.dirs.keys(),
    changes,
    rules: ruleSet,
  });
  return result.map((r) => r.root);
}

const modified = (path: string): FileChange => ({ status: 'modified', path });
const PROD = 'environments/production';
const DEV = 'environments/development';

describe('computeAffected on the graph test set', () => {
  it('a module used by one root affects only that root', async () => {
    expect(await affected(graphRepo, [modified('modules/db/main.tf')])).toEqual([DEV]);
  });

  it('a module used by both roots affects both', async () => {
    expect(await affected(graphRepo, [modified('modules/shared/main.tf')])).toEqual([DEV, PROD]);
  });

  it('a module used through another module affects the root at the top', async () => {
    expect(await affected(graphRepo, [modified('modules/net/main.tf')])).toEqual([PROD]);
  });

  it('a file under the root directory affects that root', async () => {
    expect(await affected(graphRepo, [{ status: 'added', path: `${PROD}/extra.tf` }])).toEqual([PROD]);
  });

  it('a deleted module that is still called affects its callers (exists: false in the graph)', async () => {
    const { 'modules/net/main.tf': _gone, ...withoutNet } = graphRepo;
    expect(await affected(withoutNet, [{ status: 'deleted', path: 'modules/net/main.tf' }])).toEqual([PROD]);
  });

  it('a deleted module whose call was removed affects the former caller through the edited caller', async () => {
    const { 'modules/net/main.tf': _gone, ...withoutNet } = graphRepo;
    const files = { ...withoutNet, 'modules/alb/main.tf': 'resource "aws_lb" "this" {}\n' };
    expect(
      await affected(files, [{ status: 'deleted', path: 'modules/net/main.tf' }, modified('modules/alb/main.tf')]),
    ).toEqual([PROD]);
  });

  it('a rename across roots affects both the old and the new root', async () => {
    const files = { ...graphRepo, [`${PROD}/moved.tf`]: '' };
    expect(
      await affected(files, [{ status: 'renamed', oldPath: `${DEV}/moved.tf`, path: `${PROD}/moved.tf` }]),
    ).toEqual([DEV, PROD]);
  });

  it('a docs-only change affects no root', async () => {
    expect(
      await affected(graphRepo, [
        modified('docs/guide.md'),
        modified('modules/shared/README.md'),
        modified('README.md'),
      ]),
    ).toEqual([]);
  });

  it('an unused module affects no root', async () => {
    expect(await affected(graphRepo, [modified('modules/unused/main.tf')])).toEqual([]);
  });

  it('a file read through templatefile() outside any module affects its readers', async () => {
    expect(await affected(graphRepo, [modified('templates/policy.json.tpl')])).toEqual([DEV, PROD]);
  });

  it('a read file counts even when it matches an ignore glob', async () => {
    expect(await affected(graphRepo, [modified('modules/shared/NOTES.md')])).toEqual([DEV, PROD]);
  });

  it('a change matching an all-roots glob affects every root, with the glob as the reason', async () => {
    const repo = await loadRepository(createMemoryFileSystem(graphRepo));
    const result = computeAffected({
      graphs: await buildRootGraphs(repo),
      terraformDirs: repo.dirs.keys(),
      changes: [modified('package-lock.json')],
      rules,
    });
    expect(result).toEqual([
      { root: DEV, reasons: [{ kind: 'all-roots', path: 'package-lock.json', detail: 'package-lock.json' }] },
      { root: PROD, reasons: [{ kind: 'all-roots', path: 'package-lock.json', detail: 'package-lock.json' }] },
    ]);
  });

  it('an ignored file under an all-roots glob affects no root', async () => {
    expect(
      await affected(graphRepo, [modified('src/lib/x.test.ts')], {
        allRoots: ['src/lib/**'],
        ignore: ['**/*.test.ts'],
      }),
    ).toEqual([]);
    expect(
      await affected(graphRepo, [modified('src/lib/x.ts')], { allRoots: ['src/lib/**'], ignore: ['**/*.test.ts'] }),
    ).toEqual([DEV, PROD]);
  });

  it('names the module and the read that made a root affected', async () => {
    const repo = await loadRepository(createMemoryFileSystem(graphRepo));
    const result = computeAffected({
      graphs: await buildRootGraphs(repo),
      terraformDirs: repo.dirs.keys(),
      changes: [modified('modules/net/main.tf'), modified('templates/policy.json.tpl')],
      rules,
    });
    expect(result.find((r) => r.root === PROD)?.reasons).toEqual([
      { kind: 'module', path: 'modules/net/main.tf', detail: 'modules/net' },
      { kind: 'read', path: 'templates/policy.json.tpl', detail: 'templatefile in modules/shared/main.tf' },
    ]);
  });

  it('a file belongs to the nearest Terraform directory: a nested root does not affect its parent root', async () => {
    const files = {
      'live/backend.tf': backend('live'),
      'live/app/backend.tf': backend('live-app'),
      'live/app/main.tf': '',
      'live/scripts/run.sh': '',
    };
    expect(await affected(files, [modified('live/app/main.tf')])).toEqual(['live/app']);
    expect(await affected(files, [modified('live/scripts/run.sh')])).toEqual(['live']);
  });

  it('follows symlinks: a change to the target affects the root holding the link', async () => {
    const fs = createMemoryFileSystem(
      { ...graphRepo, 'shared-data/seed.sql': '' },
      { [`${DEV}/seed.sql`]: '../../shared-data/seed.sql', [`${PROD}/data`]: '../../shared-data' },
    );
    const repo = await loadRepository(fs);
    const graphs = await buildRootGraphs(repo);
    const result = computeAffected({
      graphs,
      terraformDirs: repo.dirs.keys(),
      changes: [modified('shared-data/seed.sql')],
      rules,
    });
    expect(result.map((r) => r.root)).toEqual([DEV, PROD]);
  });

  it('handles paths with spaces', async () => {
    const files = { ...graphRepo, 'modules/db/with space.tf': '' };
    expect(await affected(files, [{ status: 'added', path: 'modules/db/with space.tf' }])).toEqual([DEV]);
  });
});

describe('computeAffected on Terragrunt units', () => {
  const STAGE = 'non-prod/us-east-1/stage';
  const PROD_TG = 'prod/us-east-1/prod';
  const terragrunt = async (changes: string[]) => {
    const repo = await loadRepository(createMemoryFileSystem(await fixtureFiles('terragrunt')));
    return computeAffected({
      graphs: await buildRootGraphs(repo),
      terraformDirs: repo.dirs.keys(),
      changes: changes.map(modified),
      rules,
    });
  };

  it('follows included and read files, the module a unit runs and dependency edges', async () => {
    const roots = async (changes: string[]) => (await terragrunt(changes)).map((r) => r.root);
    // An _envcommon file both mysql units include; staging's app reads production's mysql outputs.
    expect(await roots(['_envcommon/mysql.hcl'])).toEqual([`${STAGE}/app`, `${STAGE}/mysql`, `${PROD_TG}/mysql`]);
    // A unit's own file; everything that depends on it, transitively.
    expect(await roots([`${PROD_TG}/vpc/terragrunt.hcl`])).toEqual([
      `${STAGE}/app`,
      `${PROD_TG}/mysql`,
      `${PROD_TG}/vpc`,
    ]);
    // The module units run (terraform { source }), local with a // subdirectory.
    expect(await roots(['modules/mysql/main.tf'])).toEqual([
      `${STAGE}/app`,
      `${STAGE}/legacy`,
      `${STAGE}/mysql`,
      `${PROD_TG}/mysql`,
    ]);
    // env.hcl, read through the root terragrunt.hcl by every unit that includes it, and by _envcommon.
    expect(await roots([`${STAGE}/env.hcl`])).toEqual([`${STAGE}/app`, `${STAGE}/mysql`, `${STAGE}/vpc`]);
    // The root configuration every unit includes but legacy and dns (their backends are their own).
    expect(await roots(['terragrunt.hcl'])).toEqual([
      `${STAGE}/app`,
      `${STAGE}/mysql`,
      `${STAGE}/vpc`,
      `${PROD_TG}/mysql`,
      `${PROD_TG}/vpc`,
    ]);
  });

  it('says why: the read, the module or the dependency', async () => {
    const [app] = await terragrunt([`${PROD_TG}/vpc/terragrunt.hcl`]);
    expect(app?.reasons.map(describeReason)).toEqual([
      `${PROD_TG}/vpc/terragrunt.hcl (through dependency "prod_db" on ${PROD_TG}/mysql)`,
    ]);
    const [, mysql] = await terragrunt(['_envcommon/mysql.hcl']);
    expect(mysql?.reasons.map(describeReason)).toEqual([
      `_envcommon/mysql.hcl (read by include "envcommon" in ${STAGE}/mysql/terragrunt.hcl)`,
    ]);
  });
});
