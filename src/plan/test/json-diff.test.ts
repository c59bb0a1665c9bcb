import { describe, expect, it } from 'vitest';
import { decodeJsonDocument, jsonDiff, type DiffLine } from '../json-diff.js';

/** The lines as the renderer lays them out: mark, then four spaces per level. */
const text = (lines: readonly DiffLine[]) =>
  lines.map((line) => `${line.mark} ${'    '.repeat(line.depth)}${line.text}`);

describe('jsonDiff', () => {
  it('an image bump in a container definition: the changed key, the container name, the rest counted', () => {
    const container = (image: string) => ({
      cpu: 256,
      environment: [{ name: 'PORT', value: '8080' }],
      essential: true,
      image,
      memory: 512,
      name: 'api',
      portMappings: [{ containerPort: 8080 }],
    });
    const sidecar = { name: 'log-router', image: 'fluent-bit:2.32.2', essential: false };
    const { lines, cut } = jsonDiff(
      [container('ghcr.io/phenom/api:v2.48.4'), sidecar],
      [container('ghcr.io/phenom/api:v2.48.5'), sidecar],
    );
    expect(text(lines)).toEqual([
      '  [',
      '      {',
      '-         image = "ghcr.io/phenom/api:v2.48.4"',
      '+         image = "ghcr.io/phenom/api:v2.48.5"',
      '          name  = "api"',
      '          # (5 unchanged keys hidden)',
      '      },',
      '      # (1 unchanged element hidden)',
      '  ]',
    ]);
    expect(cut).toBe(0);
  });

  it('a policy with three statements, one changed: only that statement, with its Sid', () => {
    const policy = (actions: string[]) => ({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Deny', Effect: 'Deny', Action: 's3:*', Resource: '*' },
        { Sid: 'Read', Effect: 'Allow', Action: actions, Resource: 'arn:aws:s3:::b/*' },
        { Sid: 'Write', Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::b/in/*' },
      ],
    });
    const { lines } = jsonDiff(policy(['s3:GetObject']), policy(['s3:GetObject', 's3:ListBucket']));
    expect(text(lines)).toEqual([
      '  {',
      '      Statement = [',
      '          # (1 unchanged element hidden)',
      '          {',
      '              Action = [',
      '                  # (1 unchanged element hidden)',
      '+                 "s3:ListBucket",',
      '              ]',
      '              Sid    = "Read"',
      '              # (2 unchanged keys hidden)',
      '          },',
      '          # (1 unchanged element hidden)',
      '      ]',
      '      # (1 unchanged key hidden)',
      '  }',
    ]);
  });

  it('added and removed keys, a type change, and a created document', () => {
    expect(text(jsonDiff({ a: 1, b: 'x', c: true }, { a: 1, b: ['x'], d: null }).lines)).toEqual([
      '  {',
      '-     b = "x"',
      '+     b = ["x"]',
      '-     c = true',
      '+     d = null',
      '      # (1 unchanged key hidden)',
      '  }',
    ]);
    expect(text(jsonDiff(undefined, { StartAt: 'Go', States: { Go: { Type: 'Pass', End: true } } }).lines)).toEqual([
      '+ { "StartAt": "Go", "States": { "Go": { "Type": "Pass", "End": true } } }',
    ]);
  });

  it('is bounded: lines past the limit are counted', () => {
    const before = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, i]));
    const after = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, i + 1]));
    const { lines, cut } = jsonDiff(before, after, 20);
    expect(lines).toHaveLength(20);
    expect(cut).toBe(1 + 200 + 1 - 20);
  });

  it('compares very long arrays element by element', () => {
    const before = Array.from({ length: 3000 }, (_, i) => i);
    const after = [...before];
    after[1500] = -1;
    expect(text(jsonDiff(before, after).lines)).toEqual([
      '  [',
      '      # (1500 unchanged elements hidden)',
      '-     1500,',
      '+     -1,',
      '      # (1499 unchanged elements hidden)',
      '  ]',
    ]);
  });
});

describe('decodeJsonDocument', () => {
  it('decodes objects and arrays only, and not documents nested too deeply', () => {
    expect(decodeJsonDocument(' {"a":1}')).toEqual({ a: 1 });
    expect(decodeJsonDocument('[1]')).toEqual([1]);
    expect(decodeJsonDocument('"text"')).toBeUndefined();
    expect(decodeJsonDocument('{not json')).toBeUndefined();
    expect(decodeJsonDocument(`${'['.repeat(5000)}${']'.repeat(5000)}`)).toBeUndefined();
  });
});
