import { describe, expect, it } from 'vitest';
import { rootNames } from './graph.js';
import { buildMatrix } from './matrix.js';

const environments = [
  { name: 'development', roots: ['environments/development', 'sandbox/**'] },
  { name: 'production', roots: ['environments/production'] },
];

describe('rootNames', () => {
  it('uses the last segment when unique among all roots, the whole path otherwise', () => {
    const names = rootNames(['environments/production', 'environments/development', 'a/app', 'b/app', '.']);
    expect(Object.fromEntries(names)).toEqual({
      'environments/production': 'production',
      'environments/development': 'development',
      'a/app': 'a-app',
      'b/app': 'b-app',
      '.': 'root',
    });
  });
});

describe('buildMatrix', () => {
  it('lists root, name and environment per affected root', () => {
    const names = rootNames(['environments/production', 'environments/development', 'sandbox/x/y']);
    expect(buildMatrix(['environments/development', 'sandbox/x/y'], names, environments)).toEqual({
      include: [
        { root: 'environments/development', name: 'development', environment: 'development' },
        { root: 'sandbox/x/y', name: 'y', environment: 'development' },
      ],
    });
  });

  it('refuses a root without an environment, or with two', () => {
    expect(() => buildMatrix(['other/root'], new Map(), environments)).toThrow(
      "Root 'other/root' matches no environment in infra.yaml (environments: development, production). Add it to one environment's roots.",
    );
    const overlapping = [...environments, { name: 'sandbox', roots: ['sandbox/**'] }];
    expect(() => buildMatrix(['sandbox/a'], new Map(), overlapping)).toThrow(
      /matches several environments in infra.yaml: development, sandbox/,
    );
  });
});
