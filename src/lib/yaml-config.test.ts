import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseEnvironmentModel } from '../model/schema.js';
import { classifyError, ConfigurationError, EXIT_USAGE } from './errors.js';
import { parseYamlConfig } from './yaml-config.js';

/** Nine levels of nine aliases each: 9^9 (387 million) strings once expanded. */
function aliasBomb(levels = 9): string {
  const lines = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let n = 1; n < levels; n += 1)
    lines.push(`a${n}: &a${n} [${Array.from({ length: 9 }, () => `*a${n - 1}`).join(', ')}]`);
  return `${lines.join('\n')}\n`;
}

const anything = z.record(z.string(), z.unknown());

describe('parseYamlConfig', () => {
  it('refuses an alias bomb as the file’s problem, in one line naming the file', () => {
    const parse = () => parseYamlConfig(anything, aliasBomb(), 'environments.yaml');
    expect(parse).toThrow(ConfigurationError);
    expect(parse).toThrow(/^environments\.yaml: invalid YAML: .*alias/i);
  });

  it('still expands an alias used a few times', () => {
    const parsed = parseYamlConfig(anything, 'base: &b [x, y]\nfirst: *b\nsecond: *b\n', 'a.yaml');
    expect(parsed.value).toEqual({ base: ['x', 'y'], first: ['x', 'y'], second: ['x', 'y'] });
  });

  it('gives every tool that reads the environment model the usage exit, not an internal error', () => {
    let thrown: unknown;
    try {
      parseEnvironmentModel(`version: 1\n${aliasBomb()}environments: []\n`, 'environments.yaml');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigurationError);
    expect(classifyError(thrown)).toEqual({ kind: 'user', exitCode: EXIT_USAGE });
  });
});

describe('parseYamlConfig and YAML tags', () => {
  it.each([
    ['a: !!binary aGVsbG8=\n', /^a\.yaml:1:4: invalid YAML: Unresolved tag: .*binary \(expected plain YAML/],
    ['a: !!set {x, y}\n', /^a\.yaml:1:4: invalid YAML: Unresolved tag: .*set/],
    ['a: !!timestamp 2001-12-14\n', /^a\.yaml:1:4: invalid YAML: Unresolved tag: .*timestamp/],
    ['list:\n  - !custom value\n', /^a\.yaml:2:5: invalid YAML: Unresolved tag: !custom/],
  ])('refuses a tag that is not a plain type: %j', (text, message) => {
    expect(() => parseYamlConfig(anything, text, 'a.yaml')).toThrow(message);
  });

  it('reads the tags of the plain types as YAML does', () => {
    expect(parseYamlConfig(anything, 'a: !!str 1\nb: !!int "3"\nc: !!map {}\n', 'a.yaml').value).toEqual({
      a: '1',
      b: 3,
      c: {},
    });
  });
});
