import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readGuardConfig } from './guard.js';

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
});
