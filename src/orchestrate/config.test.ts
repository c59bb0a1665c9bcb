import { describe, expect, it } from 'vitest';
import { DEFAULT_INFRA_CONFIG, parseInfraConfig } from './config.js';

describe('parseInfraConfig', () => {
  it('fills defaults for an empty mapping', () => {
    expect(parseInfraConfig('{}\n', 'infra.yaml')).toEqual(DEFAULT_INFRA_CONFIG);
  });

  it('refuses an empty file (or one with only comments) with one line naming it', () => {
    const empty =
      'infra.yaml: empty; expected a mapping of settings (all-roots, ignore, environments, lock-timeout, parallel), or no file for the defaults.';
    expect(() => parseInfraConfig('', 'infra.yaml')).toThrow(empty);
    expect(() => parseInfraConfig('# nothing yet\n\n', 'infra.yaml')).toThrow(empty);
  });

  it('reads every key', () => {
    const text = [
      'all-roots: [".github/workflows/pr.yml"]',
      'ignore: ["**/*.md"]',
      'environments:',
      '  - name: development',
      '    roots: [environments/development]',
      'lock-timeout: 90s',
      'parallel: 4',
    ].join('\n');
    expect(parseInfraConfig(text, 'infra.yaml')).toEqual({
      allRoots: ['.github/workflows/pr.yml'],
      ignore: ['**/*.md'],
      environments: [{ name: 'development', roots: ['environments/development'] }],
      lockTimeout: '90s',
      parallel: 4,
    });
  });

  it('names the file and the key on unknown keys, bad values and bad YAML', () => {
    expect(() => parseInfraConfig('allroots: []', 'infra.yaml')).toThrow(
      /^infra\.yaml: invalid \(top level\): Unrecognized key/,
    );
    expect(() => parseInfraConfig('lock-timeout: 5 minutes', 'infra.yaml')).toThrow(
      "infra.yaml: invalid lock-timeout: a duration such as '90s' or '5m'.",
    );
    expect(() => parseInfraConfig('environments:\n  - name: Prod\n    roots: [x]', 'cfg.yaml')).toThrow(
      /^cfg\.yaml: invalid environments\.0\.name/,
    );
    expect(() => parseInfraConfig('a: [', 'infra.yaml')).toThrow(/^infra\.yaml: not valid YAML/);
    expect(() =>
      parseInfraConfig('environments:\n  - {name: a, roots: [x]}\n  - {name: a, roots: [y]}', 'infra.yaml'),
    ).toThrow("environment 'a' is listed twice");
  });
});
