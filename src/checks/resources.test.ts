import { describe, expect, it } from 'vitest';
import { createMemoryFileSystem, loadRepository } from '../repo/index.js';
import { acceptance, checkResources, prefixPairsFromSchemas, type ResourceFinding } from './resources.js';

/** A schema document in `providers schema -json` form with the attributes the tests use. */
const schemas = [
  {
    provider_schemas: {
      'registry.terraform.io/hashicorp/aws': {
        resource_schemas: {
          aws_lb_target_group: {
            block: { attributes: { name: { optional: true, computed: true }, name_prefix: { optional: true } } },
          },
          aws_iam_role: {
            block: {
              attributes: { name: { optional: true }, name_prefix: { optional: true }, arn: { computed: true } },
            },
          },
          aws_db_instance: {
            block: { attributes: { identifier: { optional: true }, identifier_prefix: { optional: true } } },
          },
          // arn_prefix is computed only: not a pair a configuration can choose.
          aws_batch_job_definition: {
            block: {
              attributes: { arn: { computed: true }, arn_prefix: { computed: true }, name: { required: true } },
            },
          },
          aws_launch_template: {
            block: { attributes: { name: { optional: true }, name_prefix: { optional: true } } },
          },
        },
      },
    },
  },
];
const prefixPairs = prefixPairsFromSchemas(schemas);

const backend = 'terraform {\n  backend "s3" {}\n}\n';

async function findings(files: Record<string, string>): Promise<ResourceFinding[]> {
  const repo = await loadRepository(createMemoryFileSystem(files));
  return checkResources(repo, { prefixPairs });
}

/** A typed, described variable block (with `default` when given). */
const variable = (name: string, type: string, defaultValue?: string) =>
  [
    `variable "${name}" {`,
    `  type        = ${type}`,
    '  description = "x"',
    ...(defaultValue === undefined ? [] : [`  default     = ${defaultValue}`]),
    '}',
  ].join('\n');

const brief = (list: ResourceFinding[]) =>
  list.map((f) => `${f.check} ${f.file}:${f.line}:${f.column}${f.accepted ? ' (accepted)' : ''}`);

describe('prefixPairsFromSchemas', () => {
  it('pairs every settable <attr> with a settable <attr>_prefix, per resource type', () => {
    expect(prefixPairs('aws_lb_target_group')).toEqual(['name']);
    expect(prefixPairs('aws_db_instance')).toEqual(['identifier']);
    expect(prefixPairs('aws_batch_job_definition')).toEqual([]);
    expect(prefixPairs('aws_unknown')).toEqual([]);
  });
});

describe('create-before-destroy-fixed-name', () => {
  it('reports a fixed name on a resource that is create_before_destroy, for any type with a prefix pair', async () => {
    const result = await findings({
      'm/main.tf': [
        'resource "aws_lb_target_group" "fixed" {',
        '  name = "tg"',
        '  lifecycle {',
        '    create_before_destroy = true',
        '  }',
        '}',
        'resource "aws_lb_target_group" "prefixed" {',
        '  name_prefix = "tg-"',
        '  lifecycle {',
        '    create_before_destroy = true',
        '  }',
        '}',
        'resource "aws_lb_target_group" "plain" {',
        '  name = "tg2"',
        '}',
        'resource "aws_db_instance" "db" {',
        '  identifier = var.id',
        '  lifecycle {',
        '    create_before_destroy = true',
        '  }',
        '}',
        'resource "aws_lb_target_group" "unnamed" {',
        '  name = null',
        '  lifecycle {',
        '    create_before_destroy = true',
        '  }',
        '}',
        '',
      ].join('\n'),
    });
    expect(brief(result)).toEqual([
      'create-before-destroy-fixed-name m/main.tf:2:3',
      'create-before-destroy-fixed-name m/main.tf:17:3',
    ]);
    expect(result[0]?.message).toBe(
      'aws_lb_target_group.fixed is create_before_destroy and sets a fixed name: a replacement creates the new object under the same name while the old one still exists, which the API rejects; use name_prefix (or drop create_before_destroy)',
    );
    expect(result[1]?.message).toContain('sets a fixed identifier');
    expect(result[1]?.message).toContain('use identifier_prefix');
  });

  it('follows the create_before_destroy Terraform forces on dependencies, through locals and depends_on', async () => {
    const result = await findings({
      'm/main.tf': [
        'locals {',
        '  role = aws_iam_role.through_local.arn',
        '}',
        'resource "aws_launch_template" "lt" {',
        '  name_prefix = "lt-"',
        '  iam_instance_profile {',
        '    arn = local.role',
        '  }',
        '  depends_on = [aws_iam_role.by_depends_on]',
        '  lifecycle {',
        '    create_before_destroy = true',
        '  }',
        '}',
        'resource "aws_iam_role" "through_local" {',
        '  name = "a"',
        '}',
        'resource "aws_iam_role" "by_depends_on" {',
        '  name = "b"',
        '}',
        'resource "aws_iam_role" "unrelated" {',
        '  name = "c"',
        '}',
        '',
      ].join('\n'),
    });
    expect(brief(result)).toEqual([
      'create-before-destroy-fixed-name m/main.tf:15:3',
      'create-before-destroy-fixed-name m/main.tf:18:3',
    ]);
    expect(result[0]?.message).toContain(
      'aws_iam_role.through_local is create_before_destroy because aws_launch_template.lt, which is, depends on it',
    );
  });

  it('takes an acceptance comment with a reason, on the line above or at the end of the line', async () => {
    const result = await findings({
      'm/main.tf': [
        'resource "aws_lb_target_group" "a" {',
        '  # hcl-check-accept create-before-destroy-fixed-name: never replaced, its port is fixed by the image',
        '  name = "a"',
        '  lifecycle {',
        '    create_before_destroy = true',
        '  }',
        '}',
        'resource "aws_lb_target_group" "b" {',
        '  # hcl-check-accept create-before-destroy-fixed-name:',
        '  name = "b"',
        '  lifecycle {',
        '    create_before_destroy = true',
        '  }',
        '}',
        'resource "aws_lb_target_group" "c" {',
        '  name = "c" # hcl-check-accept alb-access-logs: a different check',
        '  lifecycle {',
        '    create_before_destroy = true',
        '  }',
        '}',
        '',
      ].join('\n'),
    });
    expect(brief(result)).toEqual([
      'create-before-destroy-fixed-name m/main.tf:3:3 (accepted)',
      'create-before-destroy-fixed-name m/main.tf:10:3',
      'create-before-destroy-fixed-name m/main.tf:16:3',
    ]);
    expect(result[0]?.accepted).toBe('never replaced, its port is fixed by the image');
  });

  it('acceptance reads only the reported line and the one above', () => {
    const text = '# hcl-check-accept x: far away\n\nname = 1\n';
    expect(acceptance(text, 3, 'x')).toBeUndefined();
    expect(acceptance('a\n// hcl-check-accept x: slashes too\nname = 1\n', 3, 'x')).toBe('slashes too');
  });
});

describe('iam-policy-on-foreign-identity', () => {
  const grantModule = {
    'modules/grant/main.tf': [
      'resource "aws_iam_role_policy" "this" {',
      '  name   = "grant"',
      '  role   = var.role_name',
      '  policy = "{}"',
      '}',
      '',
    ].join('\n'),
    'modules/grant/variables.tf': 'variable "role_name" {\n  type        = string\n  description = "Role."\n}\n',
  };

  it('accepts policies on roles, users and groups the configuration creates, followed through variables, outputs and locals', async () => {
    const result = await findings({
      ...grantModule,
      'modules/role/main.tf':
        'resource "aws_iam_role" "this" {\n  name               = "r"\n  assume_role_policy = "{}"\n}\n',
      'modules/role/outputs.tf': 'output "name" {\n  value = aws_iam_role.this.name\n}\n',
      'env/main.tf': [
        backend,
        'module "role" {',
        '  source = "../modules/role"',
        '}',
        'module "grant" {',
        '  source    = "../modules/grant"',
        '  role_name = local.role',
        '}',
        'locals {',
        '  role = module.role.name',
        '}',
        'resource "aws_iam_role" "tasks" {',
        '  for_each = toset(["a", "b"])',
        '  name     = each.key',
        '}',
        'resource "aws_iam_role_policy_attachment" "tasks" {',
        '  for_each   = aws_iam_role.tasks',
        '  role       = each.value.name',
        '  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"',
        '}',
        'resource "aws_iam_user" "u" {',
        '  name = "u"',
        '}',
        'resource "aws_iam_user_policy" "u" {',
        '  user   = aws_iam_user.u.name',
        '  policy = "{}"',
        '}',
        '',
      ].join('\n'),
    });
    expect(result).toEqual([]);
  });

  it('reports a grant to an identity from a root variable, a data source, a literal or no caller at all', async () => {
    const result = await findings({
      ...grantModule,
      'env/main.tf': [
        backend,
        'module "grant" {',
        '  source    = "../modules/grant"',
        '  role_name = var.deploy_role',
        '}',
        'variable "deploy_role" {',
        '  type = string',
        '}',
        'data "aws_iam_role" "ci" {',
        '  name = "ci"',
        '}',
        'resource "aws_iam_role_policy_attachment" "looked_up" {',
        '  role       = data.aws_iam_role.ci.name',
        '  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"',
        '}',
        'resource "aws_iam_policy_attachment" "mixed" {',
        '  name       = "mixed"',
        '  roles      = ["ci-deploy"]',
        '  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"',
        '}',
        '',
      ].join('\n'),
      'lib/main.tf': 'resource "aws_iam_group_policy" "g" {\n  group  = var.group\n  policy = "{}"\n}\n',
    });
    expect(brief(result)).toEqual([
      'iam-policy-on-foreign-identity env/main.tf:16:3',
      'iam-policy-on-foreign-identity env/main.tf:21:3',
      'iam-policy-on-foreign-identity lib/main.tf:2:3',
      'iam-policy-on-foreign-identity modules/grant/main.tf:3:3',
    ]);
    const messages = result.map((f) => f.message);
    expect(messages[0]).toContain('(data.aws_iam_role.ci.name, looked up rather than created)');
    expect(messages[1]).toContain('(the literal "ci-deploy")');
    expect(messages[2]).toContain('gives permissions to a group');
    expect(messages[2]).toContain('(var.group, passed in (no root calls lib))');
    expect(messages[3]).toBe(
      'aws_iam_role_policy.this gives permissions to a role this configuration does not create (var.deploy_role, a variable of root env): it may be the role Terraform runs as, which could then grant itself anything; attach policies only to an aws_iam_role created here, and keep the grants of the deploying identity in its own definition',
    );
  });
});

describe('alb-access-logs (CKV_AWS_91)', () => {
  it('wants an enabled access_logs block with a bucket on every application and network load balancer', async () => {
    const result = await findings({
      'm/main.tf': [
        'resource "aws_lb" "none" {}',
        'resource "aws_lb" "off" {',
        '  access_logs {',
        '    bucket  = "logs"',
        '    enabled = false',
        '  }',
        '}',
        'resource "aws_alb" "unset" {',
        '  access_logs {',
        '    bucket = "logs"',
        '  }',
        '}',
        'resource "aws_lb" "by_default" {',
        '  access_logs {',
        '    bucket  = "logs"',
        '    enabled = var.logs',
        '  }',
        '}',
        'resource "aws_lb" "conditional" {',
        '  dynamic "access_logs" {',
        '    for_each = var.bucket == null ? [] : [var.bucket]',
        '    content {',
        '      bucket  = access_logs.value',
        '      enabled = true',
        '    }',
        '  }',
        '}',
        'resource "aws_lb" "gateway" {',
        '  load_balancer_type = "gateway"',
        '}',
        'resource "aws_lb" "nowhere" {',
        '  access_logs {',
        '    enabled = true',
        '  }',
        '}',
        '',
      ].join('\n'),
      'm/variables.tf': `${variable('logs', 'bool', 'true')}\n${variable('bucket', 'string', 'null')}\n`,
    });
    expect(result.map((f) => `${f.line} ${f.message}`)).toEqual([
      '1 aws_lb.none: no access_logs block, so access logs are off (CKV_AWS_91)',
      '5 aws_lb.off: access logs are disabled (CKV_AWS_91)',
      '9 aws_alb.unset: access_logs sets no enabled (the provider default is false) (CKV_AWS_91)',
      '20 aws_lb.conditional: access logs are a dynamic block whose for_each can be empty, so they can be off (CKV_AWS_91)',
      '32 aws_lb.nowhere: access_logs names no bucket (CKV_AWS_91)',
    ]);
  });
});

describe('ecs-readonly-root-filesystem (CKV_AWS_336)', () => {
  it('reads every container through jsonencode, merge and literal JSON, and the defaults behind each.value', async () => {
    const result = await findings({
      'm/main.tf': [
        'resource "aws_ecs_task_definition" "by_default" {',
        '  for_each = var.services',
        '  container_definitions = jsonencode([',
        '    merge({ name = each.key, readonlyRootFilesystem = each.value.readonly }, each.value.command == null ? {} : { command = each.value.command }),',
        '  ])',
        '}',
        'resource "aws_ecs_task_definition" "writable_by_default" {',
        '  for_each              = var.writable',
        '  container_definitions = jsonencode([{ name = "a", readonlyRootFilesystem = each.value.readonly }])',
        '}',
        'resource "aws_ecs_task_definition" "missing" {',
        '  container_definitions = jsonencode([{ name = "a" }, { name = "b", readonlyRootFilesystem = true }])',
        '}',
        'resource "aws_ecs_task_definition" "overridden" {',
        '  container_definitions = jsonencode([merge({ readonlyRootFilesystem = true }, var.debug ? { readonlyRootFilesystem = false } : {})])',
        '}',
        'resource "aws_ecs_task_definition" "json" {',
        '  container_definitions = <<-EOT',
        '    [{"name": "web", "readonlyRootFilesystem": true}, {"name": "sidecar"}]',
        '  EOT',
        '}',
        'resource "aws_ecs_task_definition" "opaque" {',
        '  container_definitions = jsonencode(var.containers)',
        '}',
        '',
      ].join('\n'),
      'm/variables.tf': [
        variable('services', 'map(object({ readonly = optional(bool, true), command = optional(list(string)) }))'),
        variable('writable', 'map(object({ readonly = optional(bool, false) }))'),
        variable('debug', 'bool', 'false'),
        variable('containers', 'any'),
        '',
      ].join('\n'),
    });
    expect(result.map((f) => `${f.line} ${f.message}`)).toEqual([
      '9 aws_ecs_task_definition.writable_by_default: readonlyRootFilesystem is false (CKV_AWS_336)',
      '12 aws_ecs_task_definition.missing: a container sets no readonlyRootFilesystem (the ECS default is a writable root) (CKV_AWS_336)',
      '15 aws_ecs_task_definition.overridden: readonlyRootFilesystem is false (CKV_AWS_336)',
      '18 aws_ecs_task_definition.json: container "sidecar" does not set readonlyRootFilesystem to true (CKV_AWS_336)',
      '23 aws_ecs_task_definition.opaque: container definitions cannot be read statically (jsonencode of something other than a list of containers) (CKV_AWS_336)',
    ]);
  });
});

describe('s3-lifecycle-filter', () => {
  it('wants a filter that says what each rule applies to', async () => {
    const result = await findings({
      'm/main.tf': [
        'resource "aws_s3_bucket_lifecycle_configuration" "this" {',
        '  bucket = "b"',
        '  rule {',
        '    id     = "empty"',
        '    status = "Enabled"',
        '    filter {}',
        '  }',
        '  rule {',
        '    id     = "none"',
        '    status = "Enabled"',
        '  }',
        '  rule {',
        '    id     = "whole-bucket"',
        '    status = "Enabled"',
        '    filter {',
        '      prefix = ""',
        '    }',
        '  }',
        '  dynamic "rule" {',
        '    for_each = ["x"]',
        '    content {',
        '      id     = rule.value',
        '      status = "Enabled"',
        '      filter {}',
        '    }',
        '  }',
        '}',
        '',
      ].join('\n'),
    });
    expect(result.map((f) => `${f.line} ${f.message}`)).toEqual([
      '6 aws_s3_bucket_lifecycle_configuration.this: rule "empty" has an empty filter {}, which draws the provider\'s "invalid attribute combination" warning; for the whole bucket write filter { prefix = "" }',
      '9 aws_s3_bucket_lifecycle_configuration.this: rule "none" has no filter; for the whole bucket write filter { prefix = "" }',
      '24 aws_s3_bucket_lifecycle_configuration.this: rule has an empty filter {}, which draws the provider\'s "invalid attribute combination" warning; for the whole bucket write filter { prefix = "" }',
    ]);
  });
});
