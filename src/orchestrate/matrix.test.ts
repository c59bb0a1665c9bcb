import { describe, expect, it } from 'vitest';
import { parseEnvironmentModel } from '../model/index.js';
import { rootNames } from './graph.js';
import { buildMatrix } from './matrix.js';

const MODEL_TEXT = `version: 1
environments:
  - name: development
    roots: [environments/development, 'sandbox/**']
    github:
      environment: development
      apply_order: 1
      plan_role_var: AWS_PLAN_ROLE_ARN_DEVELOPMENT
      apply_role_var: AWS_APPLY_ROLE_ARN_DEVELOPMENT
      tfvars_var: TFVARS_JSON_DEVELOPMENT
  - name: production
    roots: [environments/production]
    production: true
    github:
      environment: production-approval
      apply_order: 2
      plan_role_var: AWS_PLAN_ROLE_ARN_PRODUCTION
      apply_role_var: AWS_APPLY_ROLE_ARN_PRODUCTION
  - name: tools
    roots: [tools]
`;
const model = parseEnvironmentModel(MODEL_TEXT, 'environments.yaml');

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
  it("carries each root's environment from the model: its GitHub environment, apply order and role variables", () => {
    const names = rootNames(['environments/production', 'environments/development', 'sandbox/x/y']);
    expect(buildMatrix(['environments/production', 'sandbox/x/y'], names, model)).toEqual({
      include: [
        {
          root: 'environments/production',
          name: 'production',
          environment: 'production',
          github_environment: 'production-approval',
          apply_order: 2,
          plan_role_var: 'AWS_PLAN_ROLE_ARN_PRODUCTION',
          apply_role_var: 'AWS_APPLY_ROLE_ARN_PRODUCTION',
          tfvars_var: '',
          production: true,
        },
        {
          root: 'sandbox/x/y',
          name: 'y',
          environment: 'development',
          github_environment: 'development',
          apply_order: 1,
          plan_role_var: 'AWS_PLAN_ROLE_ARN_DEVELOPMENT',
          apply_role_var: 'AWS_APPLY_ROLE_ARN_DEVELOPMENT',
          tfvars_var: 'TFVARS_JSON_DEVELOPMENT',
          production: false,
        },
      ],
    });
  });

  it('refuses a root without an environment, an environment without GitHub settings, and a missing model', () => {
    expect(() => buildMatrix(['other/root'], new Map(), model)).toThrow(
      "Root 'other/root' belongs to no environment in environments.yaml (environments: development, production, tools). Add it to one environment's roots.",
    );
    expect(() => buildMatrix(['tools'], new Map(), model)).toThrow(
      `environments.yaml: environments[2] (tools) has no github section (line ${MODEL_TEXT.split('\n').indexOf('  - name: tools') + 1}): the workflows cannot choose the roles that plan and apply root 'tools'.`,
    );
    expect(() => buildMatrix(['tools'], new Map(), undefined)).toThrow(/a matrix needs the environment model/);
    expect(buildMatrix([], new Map(), undefined)).toEqual({ include: [] });
  });
});
