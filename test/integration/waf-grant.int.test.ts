/**
 * modules/waf's association grant, with Terraform's own test runner (`terraform test`, a mocked
 * aws provider whose schema the provider double serves): IAM's answer for the applying role is
 * a postcondition, so a role without the grant stops the apply there (the association
 * depends_on it); with the grant the association is made; without a principal nothing is asked.
 * The double itself cannot answer a simulation (its placeholder says "not allowed"), which is
 * why the terraform stage's dummy variables pass deploy_role_arn = null.
 */
import { cp } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempRepo } from '../helpers/temp-repo.js';
import { terraform } from '../helpers/terraform.js';

const repo = resolve(import.meta.dirname, '../..');

const TEST = `
mock_provider "aws" {}

variables {
  name                      = "phenom-dev-upload-api"
  resource_arn              = "arn:aws:apigateway:us-east-1::/restapis/a1b2c3/stages/v1"
  mode                      = "block"
  managed_rule_groups       = []
  association_principal_arn = "arn:aws:iam::123456789012:role/deploy"
}

run "missing_grant_stops_before_the_association" {
  override_data {
    target = data.aws_iam_principal_policy_simulation.association
    values = {
      all_allowed = false
      results = [{
        action_name        = "apigateway:SetWebACL"
        resource_arn       = "arn:aws:apigateway:us-east-1::/restapis/a1b2c3/stages/v1"
        allowed            = false
        decision           = "implicitDeny"
        decision_details   = {}
        matched_statements = []
        missing_context_keys = []
      }]
    }
  }

  expect_failures = [data.aws_iam_principal_policy_simulation.association]
}

run "granted_role_gets_the_association" {
  override_data {
    target = data.aws_iam_principal_policy_simulation.association
    values = { all_allowed = true, results = [] }
  }

  assert {
    condition     = aws_wafv2_web_acl_association.this.resource_arn == var.resource_arn
    error_message = "the association was not made"
  }

  assert {
    condition     = length(data.aws_iam_principal_policy_simulation.association) == 2
    error_message = "expected one simulation for the WAF side and one for the protected resource"
  }

  assert {
    condition     = contains(data.aws_iam_principal_policy_simulation.association["resource"].action_names, "apigateway:SetWebACL")
    error_message = "the protected resource's side of the grant should follow its service (API Gateway here)"
  }

  assert {
    condition     = data.aws_iam_principal_policy_simulation.association["waf"].policy_source_arn == var.association_principal_arn
    error_message = "the simulation should ask about the applying role"
  }
}

run "no_principal_no_simulation" {
  variables {
    association_principal_arn = null
  }

  assert {
    condition     = length(data.aws_iam_principal_policy_simulation.association) == 0
    error_message = "no simulation without a principal"
  }
}
`;

describe('modules/waf: the association waits for IAM to confirm the grant', () => {
  it('terraform test: a missing grant fails the simulation postcondition, a present one lets the association through', async () => {
    const dir = await tempRepo({ 'tests/grant.tftest.hcl': TEST }, {}, { prefix: 'phenom-waf-grant-' });
    await cp(join(repo, 'modules/waf'), dir, { recursive: true });
    const init = await terraform(dir, ['init', '-input=false', '-no-color']);
    expect(init.stderr, init.stdout).toBe('');
    expect(init.code).toBe(0);
    const run = await terraform(dir, ['test', '-no-color']);
    expect(run.stdout).toMatch(/run "missing_grant_stops_before_the_association"\.\.\. pass/);
    expect(run.stdout).toMatch(/run "granted_role_gets_the_association"\.\.\. pass/);
    expect(run.stdout).toMatch(/run "no_principal_no_simulation"\.\.\. pass/);
    expect(run.stdout).toContain('3 passed, 0 failed');
    expect(run.code).toBe(0);
  }, 120_000);
});
