import { describe, expect, it } from 'vitest';
import { createMemoryFileSystem, loadRepository } from '../repo/index.js';
import { checkStructure } from './structure.js';

const goodModule = {
  'modules/db/main.tf': 'resource "aws_db_instance" "this" {\n  identifier = var.name\n}\n',
  'modules/db/variables.tf':
    'variable "name" {\n  type        = string\n  description = "Identifier."\n}\n\nvariable "size" {\n  type        = number\n  description = "GB."\n  default     = 20\n}\n',
  'modules/db/outputs.tf':
    'output "endpoint" {\n  description = "Endpoint."\n  value       = aws_db_instance.this.endpoint\n}\n',
  'modules/db/versions.tf': 'terraform {\n  required_version = ">= 1.11"\n}\n',
};

describe('checkStructure', () => {
  it('passes a well-formed repository', async () => {
    const fs = createMemoryFileSystem({
      ...goodModule,
      'env/main.tf':
        'module "db" {\n  source = "../modules/db"\n  name   = "x"\n}\n\noutput "db" {\n  value = module.db.endpoint\n}\n',
    });
    expect(checkStructure(await loadRepository(fs))).toEqual([]);
  });

  it('reads import/moved/removed addresses as resource addresses, not output references', async () => {
    const fs = createMemoryFileSystem({
      ...goodModule,
      'env/main.tf': [
        'module "db" {',
        '  source = "../modules/db"',
        '  name   = "x"',
        '}',
        '',
        'import {',
        '  to = module.db.aws_db_instance.this',
        '  id = "x"',
        '}',
        '',
        'moved {',
        '  from = module.db.aws_db_instance.old',
        '  to   = module.db.aws_db_instance.this',
        '}',
        '',
        'output "a" {',
        '  value = module.db.aws_db_instance',
        '}',
        '',
      ].join('\n'),
    });
    const findings = checkStructure(await loadRepository(fs));
    expect(findings.map((f) => `${f.file}:${f.line}:${f.check}`)).toEqual(['env/main.tf:17:module-unknown-output']);
  });

  it('reports each structural problem with file, line and column', async () => {
    const fs = createMemoryFileSystem({
      ...goodModule,
      'modules/db/versions.tf': '',
      'modules/half/main.tf':
        'variable "untyped" {\n  description = "no type"\n}\n\nvariable "undescribed" {\n  type = string\n}\n',
      'env/main.tf': [
        'module "db" {',
        '  source = "../modules/db"',
        '  size   = 30',
        '  colour = "red"',
        '}',
        '',
        'module "ghost" {',
        '  source = "../modules/ghost"',
        '}',
        '',
        'output "a" {',
        '  value = "${module.db.address}:${module.nope.x}"',
        '}',
        '',
      ].join('\n'),
    });
    const findings = checkStructure(await loadRepository(fs));
    expect(findings.map((f) => `${f.check} ${f.file}:${f.line}:${f.column}`)).toEqual([
      'module-missing-input env/main.tf:1:8',
      'module-unknown-input env/main.tf:4:3',
      'module-missing-source env/main.tf:8:12',
      'module-unknown-output env/main.tf:12:14',
      'module-unknown-call env/main.tf:12:35',
      'module-files modules/half/main.tf:1:1',
      'variable-type modules/half/main.tf:1:10',
      'variable-description modules/half/main.tf:5:10',
    ]);
    expect(findings.find((f) => f.check === 'module-missing-input')?.message).toBe(
      'module "db" does not pass required variable "name" of modules/db',
    );
  });
});
