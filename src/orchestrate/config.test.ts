import { describe, expect, it } from 'vitest';
import { DEFAULT_INFRA_CONFIG, parseInfraConfig } from './config.js';

describe('parseInfraConfig', () => {
  it('fills defaults for an empty mapping', () => {
    expect(parseInfraConfig('{}\n', 'infra.yaml')).toEqual(DEFAULT_INFRA_CONFIG);
  });

  it('refuses an empty file (or one with only comments) with one line naming it', () => {
    const empty =
      'infra.yaml: empty; expected a mapping of settings (all-roots, ignore, lock-timeout, parallel), or no file for the defaults.';
    expect(() => parseInfraConfig('', 'infra.yaml')).toThrow(empty);
    expect(() => parseInfraConfig('# nothing yet\n\n', 'infra.yaml')).toThrow(empty);
  });

  it('reads every key', () => {
    const text = [
      'all-roots: [".github/workflows/pr.yml"]',
      'ignore: ["**/*.md"]',
      'lock-timeout: 90s',
      'parallel: 4',
    ].join('\n');
    expect(parseInfraConfig(text, 'infra.yaml')).toEqual({
      allRoots: ['.github/workflows/pr.yml'],
      ignore: ['**/*.md'],
      lockTimeout: '90s',
      parallel: 4,
    });
  });

  it('names the file, the key and the line on unknown keys, bad values and bad YAML', () => {
    expect(() => parseInfraConfig('allroots: []', 'infra.yaml')).toThrow(
      'infra.yaml: allroots: unknown key (expected one of: all-roots, ignore, environments, lock-timeout, parallel) (line 1)',
    );
    expect(() => parseInfraConfig('parallel: 2\nlock-timeout: 5 minutes', 'infra.yaml')).toThrow(
      "infra.yaml: lock-timeout: expected a duration such as '90s' or '5m', got \"5 minutes\" (line 2)",
    );
    expect(() => parseInfraConfig('a: [', 'infra.yaml')).toThrow(/^infra\.yaml:1:\d+: invalid YAML/);
  });

  it('says where environments went', () => {
    expect(() => parseInfraConfig('environments:\n  - name: a\n    roots: [x]', 'infra.yaml')).toThrow(
      'infra.yaml: environments: environments are declared once, in the environment model (environments.yaml), for every tool; move them there (line 1)',
    );
  });
});
