import { describe, expect, it } from 'vitest';
import { writeTree } from '../helpers/write-tree.js';
import { terraform, terraformFixture } from '../helpers/terraform.js';

async function validate(fixture: string): Promise<string> {
  const dir = await terraformFixture(`double-errors/${fixture}`);
  const init = await terraform(dir, ['init', '-input=false', '-no-color']);
  expect(init.code, init.stderr).toBe(0);
  const result = await terraform(dir, ['validate', '-no-color']);
  expect(result.code).toBe(1);
  return result.stderr;
}

describe('provider double: the real AWS schema, checked by Terraform itself', () => {
  it('rejects an unknown argument', async () => {
    const stderr = await validate('unknown-argument');
    expect(stderr).toContain('Error: Unsupported argument');
    expect(stderr).toContain('on main.tf line 3, in resource "aws_s3_bucket" "media"');
    expect(stderr).toContain('An argument named "versioning_enabled" is not expected here.');
  });

  it('rejects a block written as an attribute', async () => {
    const stderr = await validate('block-as-attribute');
    expect(stderr).toContain('Error: Unsupported argument');
    expect(stderr).toMatch(
      /An argument named "versioning" is not expected here\. Did you mean to define a\s+block of type "versioning"\?/,
    );
  });

  it('rejects a missing required argument', async () => {
    const stderr = await validate('missing-required');
    expect(stderr).toContain('Error: Missing required argument');
    expect(stderr).toContain('The argument "bucket" is required, but no definition was found.');
  });

  it('rejects a resource type the provider does not have', async () => {
    const dir = await terraformFixture('double-errors/unknown-argument');
    await writeTree(dir, { 'main.tf': 'resource "aws_s3_buckets" "media" {}\n' });
    expect((await terraform(dir, ['init', '-input=false', '-no-color'])).code).toBe(0);
    const result = await terraform(dir, ['validate', '-no-color']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Error: Invalid resource type');
    expect(result.stderr).toContain('The provider hashicorp/aws does not support resource type "aws_s3_buckets".');
  });
});

describe('provider double: plan, apply, import and read offline', () => {
  const config = `
provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["111111111111"]

  default_tags {
    tags = { Project = "demo" }
  }
}

import {
  to = aws_s3_bucket.existing
  id = "existing-bucket"
}

resource "aws_s3_bucket" "existing" {
  bucket = "existing-bucket"
}

resource "aws_s3_bucket" "media" {
  bucket = "media-bucket"
  tags   = { Name = "media" }
}

data "aws_caller_identity" "current" {}

data "aws_iam_policy_document" "media" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["\${aws_s3_bucket.media.arn}/*"]

    principals {
      type        = "Service"
      identifiers = ["cloudfront.amazonaws.com"]
    }
  }
}

resource "aws_s3_bucket_policy" "media" {
  bucket = aws_s3_bucket.media.id
  policy = data.aws_iam_policy_document.media.json
}

output "principal" {
  value = jsondecode(data.aws_iam_policy_document.media.json).Statement[0].Principal.Service
}

output "account" {
  value = data.aws_caller_identity.current.account_id
}

output "media_arn" {
  value = aws_s3_bucket.media.arn
}

output "media_tags_all" {
  value = aws_s3_bucket.media.tags_all
}
`;

  it('plans computed values as unknown, imports by id, applies placeholders and plans nothing after', async () => {
    const dir = await terraformFixture('double-errors/unknown-argument', {
      'main.tf': config,
      'versions.tf': 'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws" }\n  }\n}\n',
    });
    const init = await terraform(dir, ['init', '-input=false', '-no-color']);
    expect(init.code, init.stderr).toBe(0);
    const plan = await terraform(dir, ['plan', '-input=false', '-no-color', '-out=plan.tfplan']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('Plan: 1 to import, 2 to add, 1 to change, 0 to destroy.');
    expect(plan.stdout).toMatch(/\+ arn\s+= \(known after apply\)/);
    const shown = JSON.parse((await terraform(dir, ['show', '-json', 'plan.tfplan'])).stdout) as {
      resource_changes: { address: string; change: { importing?: { id: string } } }[];
    };
    expect(shown.resource_changes.find((rc) => rc.address === 'aws_s3_bucket.existing')?.change.importing).toEqual({
      id: 'existing-bucket',
    });
    const apply = await terraform(dir, ['apply', '-input=false', '-no-color', 'plan.tfplan']);
    expect(apply.code, apply.stderr).toBe(0);
    const outputs = JSON.parse((await terraform(dir, ['output', '-json'])).stdout) as Record<
      string,
      { value: unknown }
    >;
    expect(outputs.principal?.value).toBe('cloudfront.amazonaws.com');
    expect(outputs.account?.value).toBe('111111111111');
    expect(outputs.media_arn?.value).toBe('arn:aws:s3:::media-bucket');
    expect(outputs.media_tags_all?.value).toEqual({ Project: 'demo', Name: 'media' });
    const replan = await terraform(dir, ['plan', '-input=false', '-no-color', '-detailed-exitcode']);
    expect(replan.stdout).toContain('No changes.');
    expect(replan.code).toBe(0);
  });
});
