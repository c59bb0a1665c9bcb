import { describe, expect, it } from 'vitest';
import { configurationErrorOf } from '../../test/helpers/configuration-error.js';
import { createMemoryFileSystem, loadRepository } from '../repo/index.js';
import {
  backendConfigOf,
  environmentOfPath,
  parseEnvironmentModel,
  repositoryOptions,
  resolveModel,
  type EnvironmentModel,
} from './index.js';

const VALID = `version: 1
files:
  exclude: [examples/old/**]
environments:
  - name: production
    roots:
      - environments/production/network
      - path: environments/production/app
        backend_config: [backend.hcl]
    identifiers:
      prefixes: [phenom-prod]
      account_ids: ["111111111111"]
    production: true
    github:
      environment: production
      apply_order: 2
      plan_role_var: AWS_PLAN_ROLE_ARN_PRODUCTION
      apply_role_var: AWS_APPLY_ROLE_ARN_PRODUCTION
    rules:
      plan-time-code: error
    verify: [waf.alb-association]
  - name: development
    roots: ['environments/development/*']
    identifiers:
      prefixes: [staging-]
    github:
      environment: development
      apply_order: 1
      plan_role_var: AWS_PLAN_ROLE_ARN_DEVELOPMENT
      apply_role_var: AWS_APPLY_ROLE_ARN_DEVELOPMENT
      tfvars_var: TFVARS_JSON_DEVELOPMENT
  - name: global
    roots: [global]
    shared_with: [production, development]
  - name: legacy
    identifiers:
      literals: [legacy.example.com]
`;

const parse = (text: string, label = 'environments.yaml') => parseEnvironmentModel(text, label);

/** The 1-based line of the first line of `text` containing `needle` (plain search, not the code under test). */
const lineOf = (text: string, needle: string): number => {
  const index = text.split('\n').findIndex((l) => l.includes(needle));
  if (index === -1) throw new Error(`'${needle}' not found`);
  return index + 1;
};

const error = configurationErrorOf;

describe('parseEnvironmentModel', () => {
  it('reads every key, with defaults, positions and the walk settings', () => {
    const model = parse(VALID);
    const [production, development, global, legacy] = model.environments;
    expect(production?.roots.map((r) => [r.pattern, r.glob, r.backendConfig, r.line])).toEqual([
      ['environments/production/network', false, [], 7],
      ['environments/production/app', false, ['backend.hcl'], 8],
    ]);
    expect(production?.github).toEqual({
      environment: 'production',
      applyOrder: 2,
      planRoleVar: 'AWS_PLAN_ROLE_ARN_PRODUCTION',
      applyRoleVar: 'AWS_APPLY_ROLE_ARN_PRODUCTION',
    });
    expect(production?.production).toBe(true);
    expect(production?.rules).toEqual({ 'plan-time-code': 'error' });
    expect(production?.verify).toEqual(['waf.alb-association']);
    expect(development?.roots[0]?.glob).toBe(true);
    expect(development?.github?.tfvarsVar).toBe('TFVARS_JSON_DEVELOPMENT');
    expect(development?.production).toBe(false);
    expect(development?.verify).toBeUndefined();
    expect(global?.sharedWith).toEqual(['production', 'development']);
    expect(legacy?.roots).toEqual([]);
    expect(legacy?.identifiers.literals).toEqual(['legacy.example.com']);
    expect(model.outside.rules).toEqual({ 'parse-error': 'warning' });
    expect(repositoryOptions(model)).toEqual({
      exclude: ['examples/old/**'],
      include: [],
      backendConfig: { 'environments/production/app': ['backend.hcl'] },
    });
  });

  it('refuses with the file, the key path and the line', () => {
    expect(error(() => parse(VALID.replace('apply_order: 2', 'apply_order: two')))).toBe(
      `environments.yaml: environments[0].github.apply_order: expected number, got string (line ${lineOf(VALID, 'apply_order: 2')})`,
    );
    expect(
      error(() => parse(VALID.replace('    production: true\n', '    production: true\n    prod: true\n'))),
    ).toMatch(
      /^environments\.yaml: environments\[0\]\.prod: unknown key \(expected one of: name, roots, identifiers, shared_with, production, github, rules, verify\) \(line \d+\)$/,
    );
    expect(
      error(() => parse(VALID.replace('plan_role_var: AWS_PLAN_ROLE_ARN_PRODUCTION', 'plan_role_var: 1PLAN'))),
    ).toMatch(/environments\[0\]\.github\.plan_role_var: expected a GitHub variable name/);
    expect(error(() => parse(VALID.replace('environments/production/network', '../production')))).toBe(
      `environments.yaml: environments[0].roots[0]: expected a path relative to the repository root, without .. (line ${lineOf(VALID, '- environments/production/network')})`,
    );
    expect(error(() => parse('version: 1\nenvironments: []\n'))).toBe(
      'environments.yaml: environments: expected at least one environment (line 2)',
    );
  });

  it('refuses an identifier two environments own, and one without a letter or digit', () => {
    expect(error(() => parse(VALID.replace('prefixes: [staging-]', 'prefixes: [PHENOM-PROD]')))).toBe(
      `environments.yaml: environments[1].identifiers.prefixes[0]: 'PHENOM-PROD' is also an identifier of production (environments[0].identifiers.prefixes[0]); an identifier belongs to one environment (line ${lineOf(VALID, 'prefixes: [staging-]')})`,
    );
    expect(error(() => parse(VALID.replace('prefixes: [staging-]', 'prefixes: ["--"]')))).toBe(
      `environments.yaml: environments[1].identifiers.prefixes[0]: '--' has no letter or digit, so it would match text of every environment (line ${lineOf(VALID, 'prefixes: [staging-]')})`,
    );
  });

  it('refuses duplicate names, overlapping directories, unknown readers and a production role shared with a non-production environment', () => {
    expect(error(() => parse(VALID.replace('name: legacy', 'name: global')))).toMatch(
      /environments\[3\]\.name: duplicate environment name 'global'/,
    );
    expect(error(() => parse(VALID.replace('roots: [global]', 'roots: [environments/production]')))).toBe(
      `environments.yaml: environments[2].roots[0]: 'environments/production' overlaps production's root 'environments/production/network' (environments[0].roots[0]); a directory belongs to one environment (line ${lineOf(VALID, 'roots: [global]')})`,
    );
    expect(error(() => parse(VALID.replace('shared_with: [production, development]', 'shared_with: [staging]')))).toBe(
      `environments.yaml: environments[2].shared_with[0]: 'staging' is not a declared environment (expected one of: production, development, global, legacy) (line ${lineOf(VALID, 'shared_with:')})`,
    );
    expect(
      error(() =>
        parse(
          VALID.replace('plan_role_var: AWS_PLAN_ROLE_ARN_DEVELOPMENT', 'plan_role_var: AWS_PLAN_ROLE_ARN_PRODUCTION'),
        ),
      ),
    ).toBe(
      `environments.yaml: environments[1].github.plan_role_var: 'AWS_PLAN_ROLE_ARN_PRODUCTION' is also the plan_role_var of production, which is a production environment; production and non-production environments never share a role (line ${lineOf(VALID, 'plan_role_var: AWS_PLAN_ROLE_ARN_DEVELOPMENT')})`,
    );
  });
});

describe('resolveModel', () => {
  const files = {
    'environments/production/network/main.tf': 'terraform {\n  backend "s3" {}\n}\n',
    'environments/production/app/main.tf': 'terraform {\n  backend "s3" {}\n}\n',
    'environments/production/app/backend.hcl': 'key = "app"\n',
    'environments/development/network/main.tf': 'terraform {\n  backend "s3" {}\n}\n',
    'environments/development/app/main.tf': 'terraform {\n  backend "s3" {}\n}\n',
    'global/dns/main.tf': 'terraform {\n  backend "s3" {}\n}\n',
    'modules/vpc/main.tf': 'variable "x" {}\n',
  };
  const resolved = async (model: EnvironmentModel, extra: Record<string, string> = {}) =>
    resolveModel(model, await loadRepository(createMemoryFileSystem({ ...files, ...extra })));

  it('expands globs, keeps missing directories, and answers who owns a path', async () => {
    const model = parse(VALID);
    const r = await resolved(
      parse(
        VALID.replace(
          '      - environments/production/network\n',
          '      - environments/production/network\n      - environments/production/gone\n',
        ),
      ),
    );
    const [production, development, global, legacy] = r.environments;
    expect(production?.dirs).toEqual(['environments/production/app', 'environments/production/network']);
    expect(production?.missing.map((m) => [m.entry.pattern, m.reason])).toEqual([
      ['environments/production/gone', 'does not exist'],
    ]);
    expect(development?.dirs).toEqual(['environments/development/app', 'environments/development/network']);
    expect(global?.dirs).toEqual(['global']);
    expect(legacy?.dirs).toEqual([]);
    expect(r.ownerOf('environments/development/app/x/y.json')?.name).toBe('development');
    expect(r.ownerOf('environments/production/network/main.tf')?.name).toBe('production');
    expect(r.ownerOf('modules/vpc/main.tf')).toBeUndefined();
    expect(r.ownerOf('environments/production/README.md')).toBeUndefined();
    expect(environmentOfPath(model, 'environments/development/new-root')?.name).toBe('development');
    expect(backendConfigOf(model, 'environments/production/app')).toEqual(['environments/production/app/backend.hcl']);
    expect(backendConfigOf(model, 'environments/production/network')).toEqual([]);
  });

  it('lists the items each environment owns exactly as owns() answers for each', async () => {
    const r = await resolved(parse(VALID));
    const items = [
      ...Object.keys(files),
      'environments/production',
      'environments/production/network',
      'environments/production/networking/main.tf',
      'environments/production/app/nested/deep/x.json',
      'environments/development/app2/main.tf',
      'global',
      'global2/main.tf',
      'globalx',
      'README.md',
    ].map((path) => ({ path }));
    let owned = 0;
    for (const env of r.environments) {
      const expected = items.filter((i) => env.owns(i.path));
      expect(env.ownedIn(items)).toEqual(expected);
      owned += expected.length;
    }
    expect(owned).toBeGreaterThan(8);
  });

  it('reports a directory without Terraform as missing', async () => {
    const r = await resolved(parse(VALID.replace('roots: [global]', 'roots: [docs]')), { 'docs/README.md': '# x\n' });
    expect(r.environments[2]?.missing.map((m) => m.reason)).toEqual(['holds no Terraform files']);
  });

  it('refuses a glob that matches nothing and a directory two environments claim', async () => {
    await expect(
      resolved(parse(VALID.replace("'environments/development/*'", "'environment/development/*'"))),
    ).rejects.toThrow(
      `environments.yaml: environments[1].roots[0]: 'environment/development/*' matches no directory of the repository (line ${lineOf(VALID, "roots: ['environments/development/*']")})`,
    );
    await expect(
      resolved(parse(VALID.replace("'environments/development/*'", "'environments/*/app'"))),
    ).rejects.toThrow(
      `environments.yaml: environments[1].roots[0]: 'environments/production/app' is claimed by production ('environments/production/app') and development ('environments/*/app'); a directory belongs to one environment (line ${lineOf(VALID, "roots: ['environments/development/*']")})`,
    );
  });
});

describe('backend_config', () => {
  it('belongs to a directory entry: a glob is refused with the reason', () => {
    const text =
      "version: 1\nenvironments:\n  - name: a\n    roots:\n      - path: 'live/*'\n        backend_config: [backend.hcl]\n";
    expect(error(() => parse(text))).toBe(
      "environments.yaml: environments[0].roots[0].backend_config: 'live/*' is a glob: backend_config needs the one root directory it initialises (a backend.hcl or single *.tfbackend beside each root is found without it) (line 6)",
    );
  });
});
