/**
 * The schemas setup generated from the published bindings (scripts/setup/provider-schemas.ts),
 * checked against facts of the real providers' schemas that our HCL depends on.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProviderSchema, SchemaBlock } from '../../scripts/setup/provider-schemas.js';
import { projectRoot } from './infra-helpers.js';

const dir = join(projectRoot, '.tools/provider-double/schemas');

function schemaOf(provider: string): ProviderSchema {
  const file = readdirSync(dir).find((f) => f.startsWith(`${provider.replace('/', '_')}-`));
  if (!file) throw new Error(`no schema of ${provider} in ${dir}: run npm run setup`);
  const doc = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
    provider_schemas: Record<string, ProviderSchema>;
  };
  return doc.provider_schemas[`registry.terraform.io/${provider}`]!;
}

const blockAt = (block: SchemaBlock, ...path: string[]): SchemaBlock =>
  path.reduce<SchemaBlock>((b, step) => b.block_types![step]!.block, block);

describe('provider schemas from the bindings', () => {
  const aws = schemaOf('hashicorp/aws');

  it('serves every resource and data source type (here: hundreds) and the provider block', () => {
    expect(Object.keys(aws.resource_schemas).length).toBeGreaterThan(1500);
    expect(Object.keys(aws.data_source_schemas).length).toBeGreaterThan(500);
    expect(aws.provider.block.attributes?.allowed_account_ids).toEqual({ type: ['set', 'string'], optional: true });
    expect(aws.provider.block.attributes?.alias).toBeUndefined();
    expect(aws.provider.block.block_types?.default_tags?.nesting_mode).toBe('list');
  });

  it('keeps required, optional, optional+computed and computed apart', () => {
    const bucket = aws.resource_schemas.aws_s3_bucket!.block;
    expect(bucket.attributes?.arn).toEqual({ type: 'string', computed: true });
    expect(bucket.attributes?.bucket).toEqual({ type: 'string', optional: true, computed: true });
    expect(bucket.attributes?.force_destroy).toEqual({ type: 'bool', optional: true });
    expect(bucket.attributes?.tags).toEqual({ type: ['map', 'string'], optional: true });
    const versioning = aws.resource_schemas.aws_s3_bucket_versioning!.block;
    expect(versioning.attributes?.bucket).toEqual({ type: 'string', required: true });
  });

  it('tells blocks (with nesting and max items) from attributes', () => {
    const bucket = aws.resource_schemas.aws_s3_bucket!.block;
    expect(bucket.block_types?.versioning).toMatchObject({ nesting_mode: 'list', max_items: 1 });
    expect(bucket.block_types?.grant?.nesting_mode).toBe('set');
    expect(bucket.block_types?.timeouts?.nesting_mode).toBe('single');
    const listener = aws.resource_schemas.aws_lb_listener!.block;
    expect(Object.keys(listener.block_types?.default_action?.block.block_types ?? {})).toEqual(
      expect.arrayContaining(['forward', 'redirect', 'fixed_response', 'authenticate_cognito']),
    );
    const archive = schemaOf('hashicorp/archive').data_source_schemas.archive_file!.block;
    expect(archive.block_types?.source?.nesting_mode).toBe('set');
    expect(archive.attributes?.excludes).toEqual({ type: ['set', 'string'], optional: true });
  });

  it('serves Cloudflare v5 nested attributes as attributes, not blocks', () => {
    const cloudflare = schemaOf('cloudflare/cloudflare');
    const pulls = cloudflare.resource_schemas.cloudflare_authenticated_origin_pulls!.block;
    expect(pulls.block_types?.config).toBeUndefined();
    expect(pulls.attributes?.config?.nested_type?.nesting_mode).toBe('list');
    expect(Object.keys(pulls.attributes?.config?.nested_type?.attributes ?? {})).toEqual(
      expect.arrayContaining(['hostname', 'cert_id', 'enabled']),
    );
    const ruleset = cloudflare.resource_schemas.cloudflare_ruleset!.block;
    expect(ruleset.attributes?.rules?.nested_type?.nesting_mode).toBe('list');
  });

  it('grafts the WAFv2 statement block the generator left out', () => {
    const rule = blockAt(aws.resource_schemas.aws_wafv2_web_acl!.block, 'rule');
    expect(rule.attributes?.statement).toBeUndefined();
    expect(rule.block_types?.statement).toMatchObject({ nesting_mode: 'list', min_items: 1, max_items: 1 });
    const statement = blockAt(rule, 'statement');
    expect(Object.keys(statement.block_types ?? {})).toEqual(
      expect.arrayContaining(['managed_rule_group_statement', 'rate_based_statement']),
    );
    expect(blockAt(statement, 'rate_based_statement').attributes?.limit).toMatchObject({ required: true });
  });
});
