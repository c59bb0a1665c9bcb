import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readGuardConfig } from './guard.js';

const VALID = `version: 1\nenvironments:\n${['production', 'development']
  .map((env) => `  - { name: ${env}, dir: environments/${env} }\n`)
  .join('')}`;

describe('readGuardConfig', () => {
  let dir = '';
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('reads the config at the root and the ledger relative to it; missing files are one-line errors', async () => {
    dir = await mkdtemp(join(tmpdir(), 'env-guard-config-'));
    await expect(readGuardConfig(dir)).rejects.toThrow('env-guard.yaml: not found (named by the root (pass --config))');
    await writeFile(join(dir, 'env-guard.yaml'), `${VALID}followups:\n  ledger: ledger.yaml\n`);
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
