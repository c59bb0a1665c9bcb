import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { previewPlans, type PreviewOptions } from '../../scripts/start/preview.js';
import { terraformFixture } from '../helpers/terraform.js';
import { commitAll, initGit, writeFiles } from './infra-helpers.js';

const DEV = 'environments/development';

describe("npm start's plan preview (real Terraform)", () => {
  it('plans the working tree against the applied merge base, and caches that state for the next run', async () => {
    const dir = await terraformFixture('data-roots');
    initGit(dir);
    const base = commitAll(dir, 'base');
    const main = await readFile(join(dir, DEV, 'main.tf'), 'utf8');
    await writeFiles(dir, { [`${DEV}/main.tf`]: main.replace('default     = "v1"', 'default     = "v2"') });
    const progress: string[] = [];
    const options: PreviewOptions = {
      repoRoot: dir,
      base: 'main',
      roots: [{ root: DEV, name: 'development' }],
      varsDir: join(dir, 'no-vars'),
      progress: (line) => progress.push(line),
      ensureDouble: async () => {},
    };
    const first = await previewPlans(options);
    expect(first.mergeBase).toBe(base);
    const [result] = first.results;
    if (!result?.ok) throw new Error(`preview failed: ${JSON.stringify(result)}`);
    expect(result.base).toBe('applied');
    // The merge base is applied (2 objects); the working tree changes the release: one replacement.
    expect(result.summary.counts).toMatchObject({ create: 0, update: 0, replace: 1, delete: 0 });
    expect(result.summary.destructive).toEqual(['module.app.terraform_data.release']);
    expect(progress[0]).toMatch(/^applying the merge base [0-9a-f]{12} with the provider double/);
    const [cacheDir] = await readdir(join(dir, '.infra/start'));
    expect(cacheDir).toMatch(new RegExp(`^${base}-[0-9a-f]{12}$`));
    expect(existsSync(join(dir, '.infra/start', cacheDir!, 'development.tfstate'))).toBe(true);

    progress.length = 0;
    const second = await previewPlans(options);
    expect(progress.some((line) => line.startsWith('applying the merge base'))).toBe(false);
    expect(second.results[0]?.ok && second.results[0].summary.digest).toBe(result.summary.digest);

    // A new merge base replaces the cached one.
    commitAll(dir, 'v2');
    await writeFiles(dir, { [`${DEV}/extra.tf`]: 'locals {\n  a = 1\n}\n' });
    const third = await previewPlans(options);
    expect(third.mergeBase).not.toBe(base);
    expect(await readdir(join(dir, '.infra/start'))).toEqual([
      expect.stringMatching(new RegExp(`^${third.mergeBase}-`)),
    ]);
    expect(third.results[0]?.ok && third.results[0].summary.hasChanges).toBe(false);
  });

  it('says why a root is planned from an empty state when the merge base does not apply', async () => {
    const dir = await terraformFixture('data-roots');
    await writeFiles(dir, { [`${DEV}/broken.tf`]: 'output "x" {\n  value = var.nope\n}\n' });
    initGit(dir);
    await writeFiles(dir, { [`${DEV}/broken.tf`]: '' });
    const { results } = await previewPlans({
      repoRoot: dir,
      base: 'main',
      roots: [{ root: DEV, name: 'development' }],
      varsDir: join(dir, 'no-vars'),
      progress: () => {},
      ensureDouble: async () => {},
    });
    const [result] = results;
    if (!result?.ok) throw new Error(`preview failed: ${JSON.stringify(result)}`);
    expect(result.base).toMatch(
      /^the merge base does not apply \(terraform apply: Error: Reference to undeclared input variable \(environments\/development\/broken\.tf:2\)/,
    );
    expect(result.summary.counts.create).toBe(2);
  });
});
