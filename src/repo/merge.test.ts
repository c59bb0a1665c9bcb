/**
 * Override files merged as Terraform's documentation says ("Override Files"), and the other
 * inputs the loader reads the way Terraform does: `.tf.json`, tfvars in both syntaxes and
 * through symlinks, backend-config files.
 */
import { describe, expect, it } from 'vitest';
import { evaluate, findAttribute, findBlocks } from '../hcl/index.js';
import { createMemoryFileSystem } from './memory-fs.js';
import { loadRepository } from './repository.js';

const load = async (files: Record<string, string>, links: Record<string, string> = {}) =>
  loadRepository(createMemoryFileSystem(files, links));
const valueOf = (expr: Parameters<typeof evaluate>[0] | undefined) => (expr ? evaluate(expr) : undefined);

describe('override files', () => {
  it('are applied after the normal files in lexical order, argument by argument, nested block types replaced whole', async () => {
    const repo = await load({
      'm/main.tf':
        'resource "aws_s3_bucket" "b" {\n  bucket = "a"\n  acl    = "private"\n  versioning {\n    enabled = true\n  }\n  logging {\n    target_bucket = "logs"\n  }\n  lifecycle {\n    prevent_destroy = true\n    ignore_changes  = [tags]\n  }\n}\n',
      'm/b_override.tf': 'resource "aws_s3_bucket" "b" {\n  bucket = "from-b"\n}\n',
      'm/a_override.tf':
        'resource "aws_s3_bucket" "b" {\n  bucket = "from-a"\n  versioning {\n    mfa_delete = true\n  }\n  lifecycle {\n    create_before_destroy = true\n  }\n}\n',
    });
    const block = repo.dirs.get('m')?.resources[0]?.block;
    const bucket = block && findAttribute(block.body, 'bucket');
    expect([valueOf(bucket?.expr), bucket?.file]).toEqual([{ known: true, value: 'from-b' }, 'm/b_override.tf']);
    expect(valueOf(block && findAttribute(block.body, 'acl')?.expr)).toEqual({ known: true, value: 'private' });
    const versioning = block ? findBlocks(block.body, 'versioning') : [];
    expect(versioning.map((b) => [b.file, b.body.attributes.map((a) => a.name)])).toEqual([
      ['m/a_override.tf', ['mfa_delete']],
    ]);
    expect(block && findBlocks(block.body, 'logging').map((b) => b.file)).toEqual(['m/main.tf']);
    const lifecycle = block ? findBlocks(block.body, 'lifecycle') : [];
    expect(lifecycle.flatMap((b) => b.body.attributes.map((a) => `${a.name}@${a.file}`))).toEqual([
      'prevent_destroy@m/main.tf',
      'ignore_changes@m/main.tf',
      'create_before_destroy@m/a_override.tf',
    ]);
  });

  it('locals per name whichever block holds them, variable defaults, required_providers per provider, the backend replaced entirely', async () => {
    const repo = await load({
      'm/main.tf':
        'terraform {\n  required_version = ">= 1.5"\n  required_providers {\n    aws = { source = "hashicorp/aws", version = "~> 5.0" }\n    random = { source = "hashicorp/random" }\n  }\n  backend "s3" {\n    bucket = "state"\n    key    = "dev.tfstate"\n    region = "us-east-1"\n  }\n}\nlocals {\n  a = 1\n}\nlocals {\n  b = 2\n}\nvariable "v" {\n  type    = string\n  default = "x"\n}\n',
      'm/override.tf.json': JSON.stringify({
        locals: { b: 'override' },
        variable: { v: { default: 'y' } },
        terraform: {
          required_providers: { aws: { source: 'hashicorp/aws', version: '~> 6.0' } },
          backend: { local: { path: 'other.tfstate' } },
        },
      }),
    });
    const dir = repo.dirs.get('m');
    expect([...(dir?.locals.values() ?? [])].map((l) => [l.name, valueOf(l.attribute.expr), l.file])).toEqual([
      ['a', { known: true, value: 1 }, 'm/main.tf'],
      ['b', { known: true, value: 'override' }, 'm/override.tf.json'],
    ]);
    expect(valueOf(dir?.variables.get('v')?.default?.expr)).toEqual({ known: true, value: 'y' });
    expect([dir?.backend?.type, [...(dir?.backend?.attributes.keys() ?? [])], dir?.backend?.file]).toEqual([
      'local',
      ['path'],
      'm/override.tf.json',
    ]);
    const terraform = dir?.files.flatMap((f) => findBlocks(f.body, 'terraform')) ?? [];
    expect(terraform.length).toBe(2);
  });
});

describe('values and backends as Terraform reads them', () => {
  it('tfvars: terraform.tfvars, terraform.tfvars.json, then *.auto.tfvars(.json) by name, also through symlinks', async () => {
    const repo = await load(
      {
        'env/main.tf':
          'terraform {\n  backend "local" {}\n}\nvariable "a" {\n  type = string\n}\nvariable "b" {\n  type = string\n}\nvariable "c" {\n  type = string\n}\n',
        'env/terraform.tfvars': 'a = "hcl"\nb = "hcl"\nc = "hcl"\n',
        'env/terraform.tfvars.json': '{ "b": "json", "c": "json" }',
        'shared/z.tfvars': 'c = "auto-linked"\n',
      },
      { 'env/z.auto.tfvars': '../shared/z.tfvars' },
    );
    const [root] = await repo.instances('env');
    expect(['a', 'b', 'c'].map((n) => root?.scope.variable(n))).toEqual([
      { known: true, value: 'hcl' },
      { known: true, value: 'json' },
      { known: true, value: 'auto-linked' },
    ]);
  });

  it('a root initialised with backend.hcl has its settings, each naming its file', async () => {
    const repo = await load({
      'env/backend.tf': 'terraform {\n  backend "s3" {\n    region = "us-east-1"\n  }\n}\n',
      'env/backend.hcl': 'bucket = "state"\nkey    = "env.tfstate"\n',
    });
    const backend = repo.roots[0]?.backend;
    expect([...(backend?.attributes.values() ?? [])].map((a) => `${a.name}@${a.file}`)).toEqual([
      'region@env/backend.tf',
      'bucket@env/backend.hcl',
      'key@env/backend.hcl',
    ]);
    expect(backend?.configFiles).toEqual(['env/backend.hcl']);
  });
});
