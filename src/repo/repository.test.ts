import { describe, expect, it } from 'vitest';
import { createMemoryFileSystem } from './memory-fs.js';
import { loadRepository } from './repository.js';

const backend = (key: string) => `terraform {\n  backend "s3" {\n    bucket = "state"\n    key    = "${key}"\n  }\n}\n`;

describe('loadRepository', () => {
  it('finds roots by their backend and the local modules they use, transitively', async () => {
    const fs = createMemoryFileSystem({
      'environments/production/backend.tf': backend('production/terraform.tfstate'),
      'environments/production/main.tf':
        'module "app" {\n  source = "../../modules/app"\n}\nmodule "remote" {\n  source = "terraform-aws-modules/vpc/aws"\n}\n',
      'environments/development/backend.tf': backend('development/terraform.tfstate'),
      'environments/development/main.tf': 'module "db" {\n  source = "../../modules/db"\n}\n',
      'modules/app/main.tf': 'module "inner" {\n  source = "../db"\n}\n',
      'modules/db/main.tf': 'resource "aws_db_instance" "this" {}\n',
      'modules/unused/main.tf': '',
      'test/fixtures/x/backend.tf': backend('ignored'),
    });
    const repo = await loadRepository(fs, { exclude: ['test/**'] });
    expect(repo.roots.map((r) => r.dir)).toEqual(['environments/development', 'environments/production']);
    expect(await repo.modulesOf('environments/production')).toEqual([
      { dir: 'modules/app', exists: true },
      { dir: 'modules/db', exists: true },
    ]);
    expect(await repo.modulesOf('environments/development')).toEqual([{ dir: 'modules/db', exists: true }]);
    const instances = await repo.instances('environments/production');
    expect(instances.map((i) => i.address)).toEqual(['', 'module.app', 'module.app.module.inner']);
  });

  it('keeps a call to a deleted module in the graph, marked as missing', async () => {
    const fs = createMemoryFileSystem({
      'env/backend.tf': backend('k'),
      'env/main.tf': 'module "gone" {\n  source = "../modules/gone"\n}\n',
    });
    const repo = await loadRepository(fs);
    expect(await repo.modulesOf('env')).toEqual([{ dir: 'modules/gone', exists: false }]);
  });

  it('survives module cycles', async () => {
    const fs = createMemoryFileSystem({
      'env/backend.tf': backend('k'),
      'env/main.tf': 'module "a" {\n  source = "../modules/a"\n}\n',
      'modules/a/main.tf': 'module "b" {\n  source = "../b"\n}\n',
      'modules/b/main.tf': 'module "a" {\n  source = "../a"\n}\n',
    });
    const repo = await loadRepository(fs);
    expect((await repo.modulesOf('env')).map((m) => m.dir)).toEqual(['modules/a', 'modules/b']);
  });

  it('resolves file reads per instance: path.module, variables passed down, tfvars, archive sources, symlinks', async () => {
    const fs = createMemoryFileSystem(
      {
        'env/backend.tf': backend('k'),
        'env/variables.tf': 'variable "policy_file" {\n  type    = string\n  default = "default.json"\n}\n',
        'env/terraform.tfvars': 'policy_file = "policies/prod.json"\n',
        'env/main.tf':
          'module "fn" {\n  source = "../modules/fn"\n  policy = file(var.policy_file)\n  dir    = "${path.root}/../shared"\n}\n',
        'modules/fn/variables.tf': 'variable "dir" {\n  type = string\n}\nvariable "policy" {\n  type = string\n}\n',
        'modules/fn/main.tf':
          'data "archive_file" "zip" {\n  type        = "zip"\n  source_dir  = "${path.module}/functions/x/dist"\n  output_path = "${path.module}/x.zip"\n}\nlocals {\n  tpl = templatefile("${var.dir}/t.tpl", {})\n  up  = file("${path.module}/../../other/thing.txt")\n  dyn = file(aws_s3_object.o.id)\n}\n',
        'shared/t.tpl': '',
        'target.txt': 'x',
      },
      { 'env/linked.txt': '../target.txt' },
    );
    const repo = await loadRepository(fs);
    const reads = await repo.readsOf('env');
    const summary = reads
      .map((r) => `${r.instance.address || 'root'} ${r.site.via} ${r.path ?? `? ${r.unresolved}`}`)
      .sort();
    expect(summary).toEqual([
      'module.fn archive_file.source_dir modules/fn/functions/x/dist',
      'module.fn file ? depends on aws_s3_object.o.id',
      'module.fn file other/thing.txt',
      'module.fn templatefile shared/t.tpl',
      'root file env/policies/prod.json',
      'root symlink target.txt',
    ]);
    const fileRead = reads.find((r) => r.site.via === 'file' && r.path === 'other/thing.txt');
    expect(fileRead?.site.file).toBe('modules/fn/main.tf');
    expect(fileRead?.site.range.start).toEqual({ line: 8, column: 9 });
  });

  it('parses each file once and exposes backends with positions', async () => {
    const fs = createMemoryFileSystem({ 'env/backend.tf': backend('a/b.tfstate') });
    const repo = await loadRepository(fs);
    const root = repo.roots[0]!;
    expect(root.backend?.type).toBe('s3');
    expect(root.backend?.attributes.get('key')?.range.start).toEqual({ line: 4, column: 5 });
    expect(await repo.parse('env/backend.tf')).toBe(root.files[0]);
  });
});

describe('module calls with for_each', () => {
  it('makes one instance per known key with each.key bound in its arguments', async () => {
    const fs = createMemoryFileSystem({
      'env/backend.tf': backend('k'),
      'env/main.tf': 'module "app" {\n  source = "../modules/app"\n}\n',
      'modules/app/main.tf':
        'locals {\n  functions = {\n    one = { memory = 128, role = aws_iam_role.x.arn }\n    two = { memory = 256, role = aws_iam_role.y.arn }\n  }\n}\nmodule "fn" {\n  source     = "../fn"\n  for_each   = local.functions\n  source_dir = "${path.module}/functions/${each.key}/dist"\n  memory     = each.value.memory\n}\n',
      'modules/fn/main.tf':
        'variable "source_dir" {\n  type = string\n}\nvariable "memory" {\n  type = number\n}\ndata "archive_file" "zip" {\n  type        = "zip"\n  source_dir  = var.source_dir\n  output_path = "x.zip"\n}\n',
    });
    const repo = await loadRepository(fs);
    const instances = await repo.instances('env');
    expect(instances.map((i) => i.address)).toEqual([
      '',
      'module.app',
      'module.app.module.fn["one"]',
      'module.app.module.fn["two"]',
    ]);
    expect(instances[3]?.scope.variable('memory')).toEqual({ known: true, value: 256 });
    const reads = (await repo.readsOf('env')).map((r) => r.path);
    expect(reads).toEqual(['modules/app/functions/one/dist', 'modules/app/functions/two/dist']);
    expect(await repo.modulesOf('env')).toEqual([
      { dir: 'modules/app', exists: true },
      { dir: 'modules/fn', exists: true },
    ]);
  });
});
