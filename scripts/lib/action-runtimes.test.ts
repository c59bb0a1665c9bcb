import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { actionRuntimeProblems } from './action-runtimes.js';
import { repoRoot } from './tools.js';

const action = (using: string) => `name: a\ndescription: b\nruns:\n  using: ${using}\n  main: dist/index.js\n`;

describe('actionRuntimeProblems', () => {
  it('accepts node24, composite and docker actions', () => {
    expect(actionRuntimeProblems(action('node24'), 'a/action.yml')).toEqual([]);
    expect(actionRuntimeProblems(action('composite'), 'a/action.yml')).toEqual([]);
    expect(actionRuntimeProblems(action('docker'), 'a/action.yml')).toEqual([]);
  });

  it.each(['node12', 'node16', 'node20'])('refuses the deprecated %s, naming the file', (using) => {
    expect(actionRuntimeProblems(action(using), 'actions/x/action.yml')).toEqual([
      `actions/x/action.yml: runs.using '${using}' is a runtime GitHub has deprecated; expected node24`,
    ]);
  });

  it('refuses a runtime GitHub does not document, a missing one and YAML that does not parse', () => {
    expect(actionRuntimeProblems(action('node26'), 'a.yml')).toEqual([
      "a.yml: runs.using 'node26' is not a runtime GitHub documents; expected node24, composite or docker",
    ]);
    expect(actionRuntimeProblems('name: a\n', 'a.yml')).toEqual(['a.yml: runs.using is missing; expected node24']);
    expect(actionRuntimeProblems('runs: [\n', 'a.yml')[0]).toMatch(/^a\.yml: not valid YAML: /);
  });

  it.each(['env-guard', 'tf-plan-comment'])('actions/%s runs on a supported runtime', async (name) => {
    const file = `actions/${name}/action.yml`;
    expect(actionRuntimeProblems(await readFile(join(repoRoot, file), 'utf8'), file)).toEqual([]);
  });
});
