import { execFileSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeTree } from '../test/helpers/write-tree.js';
import { ConfigurationError } from '../src/lib/errors.js';
import { guardRoot, readGuardConfig } from './guard.js';

const MODEL = `version: 1\nenvironments:\n${['production', 'development']
  .map((env) => `  - { name: ${env}, roots: [environments/${env}] }\n`)
  .join('')}`;

describe('readGuardConfig', () => {
  let dir = '';
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('reads the model, the optional settings and the ledger relative to them; missing files are one-line errors', async () => {
    dir = await mkdtemp(join(tmpdir(), 'env-guard-config-'));
    await expect(readGuardConfig(dir)).rejects.toThrow(
      'environments.yaml: not found (named by the repository root: every environment is declared there (or pass --environments))',
    );
    await writeFile(join(dir, 'environments.yaml'), MODEL);
    const bare = await readGuardConfig(dir);
    expect(bare.configFile).toBeUndefined();
    expect(bare.config.environments.map((e) => e.name)).toEqual(['production', 'development']);
    await expect(readGuardConfig(dir, { config: join(dir, 'missing.yaml') })).rejects.toThrow(
      `${join(dir, 'missing.yaml').replace(`${dir}/`, '')}: not found (named by --config)`,
    );
    await writeFile(join(dir, 'env-guard.yaml'), 'version: 1\nfollowups:\n  ledger: ledger.yaml\n');
    await expect(readGuardConfig(dir)).rejects.toThrow(
      'ledger.yaml: not found (named by env-guard.yaml followups.ledger)',
    );
    await writeFile(
      join(dir, 'ledger.yaml'),
      'version: 1\nfollowups:\n  - id: a\n    environment: production\n    title: T\n    status: resolved\n',
    );
    const loaded = await readGuardConfig(dir);
    expect(loaded.configFile).toBe('env-guard.yaml');
    expect(loaded.ledger).toEqual({
      file: 'ledger.yaml',
      items: [{ id: 'a', environment: 'production', title: 'T', status: 'resolved', line: 3 }],
    });
  });

  it('reads only regular files of a sane size: a device, a pipe, a directory or a huge file is refused unread', async () => {
    dir = await mkdtemp(join(tmpdir(), 'env-guard-config-'));
    await writeFile(join(dir, 'environments.yaml'), MODEL);
    execFileSync('mkfifo', [join(dir, 'pipe.yaml')]);
    await writeFile(join(dir, 'huge.yaml'), '');
    await truncate(join(dir, 'huge.yaml'), 600 * 1024 * 1024);
    const ledger = async (path: string) => {
      await writeFile(join(dir, 'env-guard.yaml'), `version: 1\nfollowups:\n  ledger: ${path}\n`);
      return readGuardConfig(dir);
    };
    await expect(readGuardConfig(dir, { environments: '/dev/zero' })).rejects.toThrow(
      '/dev/zero: expected a regular file, got a device, pipe or socket',
    );
    // Without a writer, opening a pipe to read would wait forever.
    await expect(ledger('pipe.yaml')).rejects.toThrow(
      'pipe.yaml: expected a regular file, got a device, pipe or socket',
    );
    await expect(ledger('.')).rejects.toThrow(': expected a file, got a directory');
    await expect(ledger('huge.yaml')).rejects.toThrow(
      'huge.yaml: 600.0 MiB, larger than the 8.0 MiB a configuration file may have: not read',
    );
    await expect(readGuardConfig(dir, { environments: join(dir, 'huge.yaml') })).rejects.toThrow(ConfigurationError);
  });

  it("takes the ledger of the repository's settings from the repository only, as named and through symlinks", async () => {
    dir = await mkdtemp(join(tmpdir(), 'env-guard-config-'));
    const repo = join(dir, 'repo');
    await writeTree(repo, { 'environments.yaml': MODEL });
    await writeFile(join(dir, 'secret.json'), '{"version": "s3cr3t-value"}');
    const ledger = async (path: string) => {
      await writeFile(join(repo, 'env-guard.yaml'), `version: 1\nfollowups:\n  ledger: ${path}\n`);
      return readGuardConfig(repo);
    };
    const refusal = 'env-guard.yaml: followups.ledger: expected a file inside the repository, got';
    await expect(ledger(join(dir, 'secret.json'))).rejects.toThrow(`${refusal} '${join(dir, 'secret.json')}'`);
    await expect(ledger('../secret.json')).rejects.toThrow(`${refusal} '../secret.json'`);
    symlinkSync('../secret.json', join(repo, 'ledger.yaml'));
    await expect(ledger('ledger.yaml')).rejects.toThrow(`${refusal} 'ledger.yaml' (a symlink to a file outside it)`);
    await expect(ledger('missing.yaml')).rejects.toThrow('missing.yaml: not found');
    // Settings named from outside the repository (--config) may keep their ledger beside them.
    await writeFile(join(dir, 'env-guard.yaml'), 'version: 1\nfollowups:\n  ledger: ledger.yaml\n');
    await writeFile(join(dir, 'ledger.yaml'), 'version: 1\nfollowups: []\n');
    expect((await readGuardConfig(repo, { config: join(dir, 'env-guard.yaml') })).ledger?.items).toEqual([]);
  });
});

describe('guardRoot and the repository URLs', () => {
  let dir = '';
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  const backend = (env: string) =>
    `terraform {\n  backend "s3" {\n    bucket = "acme-${env}-state"\n    key    = "${env}/terraform.tfstate"\n    region = "us-east-1"\n  }\n}\n`;

  async function repository(calls: string): Promise<string> {
    dir = await mkdtemp(join(tmpdir(), 'env-guard-urls-'));
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir });
    execFileSync('git', ['remote', 'add', 'origin', 'https://github.com/acme/infra.git'], { cwd: dir });
    await writeTree(dir, {
      'environments.yaml': MODEL,
      'environments/production/main.tf': `${backend('production')}\n${calls}`,
      'environments/development/main.tf': backend('development'),
    });
    return dir;
  }

  const module = (name: string, source: string) => `module "${name}" {\n  source = "${source}"\n}\n`;

  it("reads a module source that names the repository's remote as a path of the repository, as --repository-url does", async () => {
    const root = await repository(
      module('vpc', 'terraform-aws-modules/vpc/aws') +
        module('other', 'git::https://github.com/acme/infra.git//environments/development?ref=v1'),
    );
    const { report } = await guardRoot(root);
    const named = await guardRoot(root, { load: { repositoryUrls: ['https://github.com/acme/infra.git'] } });
    const unnamed = await guardRoot(root, { load: { repositoryUrls: [] } });
    expect(report).toEqual(named.report);
    expect(report.violations.map((v) => v.rule)).toContain('path-escape');
    expect(unnamed.report.violations.map((v) => v.rule)).not.toContain('path-escape');
  });

  it('finds the same with remote sources that do not name it, or none', async () => {
    for (const calls of [module('vpc', 'terraform-aws-modules/vpc/aws'), module('app', '../../modules/app')]) {
      const root = await repository(calls);
      expect((await guardRoot(root)).report).toEqual((await guardRoot(root, { load: { repositoryUrls: [] } })).report);
      await rm(root, { recursive: true, force: true });
    }
  });
});
