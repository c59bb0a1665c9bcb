/** The README's environment-model examples are valid models, and the one for this repository is this repository's. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEnvironmentModel } from '../../../src/model/index.js';

const repo = join(import.meta.dirname, '../../..');
const readme = await readFile(join(import.meta.dirname, '../README.md'), 'utf8');

/** The first ```yaml block after a heading. */
function exampleAfter(heading: string): string {
  const at = readme.indexOf(`\n${heading}\n`);
  if (at === -1) throw new Error(`heading '${heading}' not found`);
  const block = /```yaml\n([\s\S]*?)```/.exec(readme.slice(at));
  if (!block?.[1]) throw new Error(`no yaml block after '${heading}'`);
  return block[1];
}

describe('actions/env-guard/README.md: the environment model', () => {
  it("shows this repository's environments.yaml as it is", async () => {
    expect(exampleAfter('### This repository')).toBe(await readFile(join(repo, 'environments.yaml'), 'utf8'));
  });

  it('shows a valid model for a Terragrunt repository', () => {
    const model = parseEnvironmentModel(exampleAfter('### A Terragrunt repository'), 'README example');
    expect(
      model.environments.map((e) => [e.name, e.roots.map((r) => r.pattern), e.github?.applyOrder ?? null]),
    ).toEqual([
      ['production', ['prod'], 3],
      ['stage', ['non-prod/*/stage'], 2],
      ['qa', ['non-prod/*/qa'], 1],
      ['global', ['_global'], null],
    ]);
  });
});
