import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/lib/errors.js';
import { openRepository } from '../../io/environments.js';
import { moduleReadmes, readModuleInterface, renderModuleDocs, replaceDocsSection } from './module-docs.js';

const files = [
  {
    path: 'modules/demo/versions.tf',
    text: 'terraform {\n  required_version = ">= 1.11"\n\n  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n      version = "~> 6.21"\n    }\n  }\n}\n',
  },
  {
    path: 'modules/demo/variables.tf',
    text: [
      'variable "name" {',
      '  type        = string',
      '  description = "Name | prefix."',
      '}',
      '',
      'variable "ports" {',
      '  type = map(object({',
      '    port = number',
      '  }))',
      '  description = <<-EOT',
      '    Ports by service,',
      '    one line in the table.',
      '  EOT',
      '  default = { web = { port = 8080 } }',
      '}',
      '',
      'variable "snapshot" {',
      '  type        = string',
      '  description = "Optional snapshot."',
      '  default     = null',
      '}',
      '',
      'variable "token" {',
      '  type        = string',
      '  description = "Token for <name> & co."',
      '  default     = "`x`"',
      '  sensitive   = true',
      '}',
      '',
    ].join('\n'),
  },
  { path: 'modules/demo/outputs.tf', text: 'output "id" {\n  description = "ID."\n  value       = "x"\n}\n' },
];

describe('module docs', () => {
  it('renders requirements, inputs (required ones without default) and outputs, sorted by name', async () => {
    const docs = renderModuleDocs(await readModuleInterface(files));
    expect(docs).toBe(
      [
        '<!-- BEGIN_TF_DOCS -->',
        '## Requirements',
        '',
        '| Name | Version |',
        '|------|---------|',
        '| terraform | `>= 1.11` |',
        '| aws (hashicorp/aws) | `~> 6.21` |',
        '',
        '## Inputs',
        '',
        '| Name | Description | Type | Default | Required |',
        '|------|-------------|------|---------|:--------:|',
        '| name | Name \\| prefix. | `string` | n/a | yes |',
        '| ports | Ports by service, one line in the table. | `map(object({ port = number }))` | `{"web":{"port":8080}}` | no |',
        '| snapshot | Optional snapshot. | `string` | `null` | no |',
        '| token | Token for &lt;name&gt; &amp; co. (sensitive) | `string` | ``"`x`"`` | no |',
        '',
        '## Outputs',
        '',
        '| Name | Description |',
        '|------|-------------|',
        '| id | ID. |',
        '<!-- END_TF_DOCS -->',
      ].join('\n'),
    );
  });

  it('replaces only the marked section of a README', () => {
    const readme = '# demo\n\nIntro.\n\n<!-- BEGIN_TF_DOCS -->\nold\n<!-- END_TF_DOCS -->\n\nFooter.\n';
    expect(replaceDocsSection(readme, '<!-- BEGIN_TF_DOCS -->\nnew\n<!-- END_TF_DOCS -->', 'r.md')).toBe(
      '# demo\n\nIntro.\n\n<!-- BEGIN_TF_DOCS -->\nnew\n<!-- END_TF_DOCS -->\n\nFooter.\n',
    );
  });

  it('names the README that lacks the markers', () => {
    expect(() => replaceDocsSection('# demo\n', 'x', 'modules/demo/README.md')).toThrow(ConfigurationError);
    expect(() => replaceDocsSection('# demo\n', 'x', 'modules/demo/README.md')).toThrow(
      /^modules\/demo\/README\.md: needs the markers/,
    );
  });

  it("names the file HashiCorp's parser rejects", async () => {
    await expect(
      readModuleInterface([{ path: 'modules/demo/main.tf', text: 'variable "x" {\n  type = \n}\n' }]),
    ).rejects.toThrow(/^modules\/demo\/main\.tf:2:\d+: cannot parse/);
  });

  it('every module README in the repository is current (run: npx tsx scripts/module-docs.ts)', async () => {
    const statuses = await moduleReadmes(await openRepository(resolve(import.meta.dirname, '../..')));
    expect(statuses.length).toBeGreaterThanOrEqual(7);
    expect(statuses.filter((s) => s.current !== s.expected).map((s) => s.readme)).toEqual([]);
  });
});
