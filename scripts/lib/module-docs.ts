/**
 * Module README tables (requirements, inputs, outputs) generated from versions.tf,
 * variables.tf and outputs.tf, written between `<!-- BEGIN_TF_DOCS -->` and
 * `<!-- END_TF_DOCS -->` (the terraform-docs markers).
 *
 * HCL comes from the shared repository model (src/repo, src/hcl): values are evaluated
 * statically, anything else (types, computed defaults) is shown as its source text.
 */
import { posix } from 'node:path';
import { evaluate, findAttribute, findBlocks, type Expr, type HclFile } from '../../src/hcl/index.js';
import { ConfigurationError } from '../../src/lib/errors.js';
import { cellCode, markdownCell } from '../../src/render/markdown-text.js';
import { createMemoryFileSystem, loadRepository, type Repository, type TerraformDir } from '../../src/repo/index.js';

export const BEGIN_MARKER = '<!-- BEGIN_TF_DOCS -->';
export const END_MARKER = '<!-- END_TF_DOCS -->';

export interface ModuleVariable {
  name: string;
  type: string;
  description: string;
  /** Absent: the variable is required. */
  default?: { value: unknown } | { source: string };
  sensitive: boolean;
}

export interface ModuleOutput {
  name: string;
  description: string;
  sensitive: boolean;
}

export interface ModuleInterface {
  requiredVersion?: string;
  providers: { name: string; source: string; version: string }[];
  variables: ModuleVariable[];
  outputs: ModuleOutput[];
}

const sourceText = (file: HclFile | undefined, expr: Expr) =>
  file ? file.text.slice(expr.range.startOffset, expr.range.endOffset) : '';

const stringOf = (expr: Expr | undefined): string => {
  if (!expr) return '';
  const value = evaluate(expr);
  return value.known && typeof value.value === 'string' ? value.value : '';
};

/** The interface of one module directory of the repository model. Fails on a file Terraform's parser rejects. */
export async function interfaceOf(dir: TerraformDir): Promise<ModuleInterface> {
  for (const file of dir.files) {
    const parsed = await file.validity();
    if (!parsed.ok)
      throw new ConfigurationError(
        `${file.path}:${parsed.error.line}:${parsed.error.column}: cannot parse: ${parsed.error.message}`,
      );
  }
  const fileOf = (path: string) => dir.files.find((f) => f.path === path);
  const result: ModuleInterface = { providers: [], variables: [], outputs: [] };
  for (const v of dir.variables.values()) {
    const file = fileOf(v.file);
    let defaultValue: ModuleVariable['default'];
    if (v.default) {
      const value = evaluate(v.default.expr);
      defaultValue = value.known ? { value: value.value } : { source: sourceText(file, v.default.expr) };
    }
    result.variables.push({
      name: v.name,
      type: v.type ? sourceText(file, v.type.expr) : 'any',
      description: stringOf(v.description?.expr),
      ...(defaultValue ? { default: defaultValue } : {}),
      sensitive: v.sensitive,
    });
  }
  for (const o of dir.outputs.values()) {
    const sensitive = findAttribute(o.block.body, 'sensitive');
    result.outputs.push({
      name: o.name,
      description: stringOf(findAttribute(o.block.body, 'description')?.expr),
      sensitive: sensitive ? stringOrBool(sensitive.expr) : false,
    });
  }
  for (const file of dir.files) {
    for (const terraform of findBlocks(file.body, 'terraform')) {
      const version = findAttribute(terraform.body, 'required_version');
      if (version) result.requiredVersion = stringOf(version.expr);
      for (const providers of findBlocks(terraform.body, 'required_providers')) {
        for (const attribute of providers.body.attributes) {
          const value = evaluate(attribute.expr);
          const spec =
            value.known && value.value !== null && typeof value.value === 'object' && !Array.isArray(value.value)
              ? value.value
              : {};
          const source = typeof spec.source === 'string' ? spec.source : `hashicorp/${attribute.name}`;
          result.providers.push({
            name: attribute.name,
            source,
            version: typeof spec.version === 'string' ? spec.version : '',
          });
        }
      }
    }
  }
  const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  result.variables.sort(byName);
  result.outputs.sort(byName);
  result.providers.sort(byName);
  return result;
}

function stringOrBool(expr: Expr): boolean {
  const value = evaluate(expr);
  return value.known && value.value === true;
}

/** The interface of one module given as file texts, read through the repository model. */
export async function readModuleInterface(files: { path: string; text: string }[]): Promise<ModuleInterface> {
  const dir = posix.dirname(files[0]?.path ?? '.');
  const repo = await loadRepository(createMemoryFileSystem(Object.fromEntries(files.map((f) => [f.path, f.text]))));
  const model = repo.dirs.get(dir);
  if (!model) throw new ConfigurationError(`${dir}: no .tf files among ${files.map((f) => f.path).join(', ')}`);
  return interfaceOf(model);
}

function renderDefault(value: NonNullable<ModuleVariable['default']>): string {
  if ('source' in value) return cellCode(value.source);
  return cellCode(JSON.stringify(value.value) ?? 'null');
}

/** The generated section, markers included. */
export function renderModuleDocs(iface: ModuleInterface): string {
  const lines: string[] = [BEGIN_MARKER, '## Requirements', '', '| Name | Version |', '|------|---------|'];
  if (iface.requiredVersion) lines.push(`| terraform | ${cellCode(iface.requiredVersion)} |`);
  for (const p of iface.providers) lines.push(`| ${p.name} (${p.source}) | ${cellCode(p.version)} |`);
  lines.push('', '## Inputs', '');
  if (iface.variables.length === 0) {
    lines.push('No inputs.');
  } else {
    lines.push(
      '| Name | Description | Type | Default | Required |',
      '|------|-------------|------|---------|:--------:|',
    );
    for (const v of iface.variables) {
      lines.push(
        `| ${v.name} | ${markdownCell(v.description)}${v.sensitive ? ' (sensitive)' : ''} | ${cellCode(v.type)} | ${v.default ? renderDefault(v.default) : 'n/a'} | ${v.default ? 'no' : 'yes'} |`,
      );
    }
  }
  lines.push('', '## Outputs', '');
  if (iface.outputs.length === 0) {
    lines.push('No outputs.');
  } else {
    lines.push('| Name | Description |', '|------|-------------|');
    for (const o of iface.outputs)
      lines.push(`| ${o.name} | ${markdownCell(o.description)}${o.sensitive ? ' (sensitive)' : ''} |`);
  }
  lines.push(END_MARKER);
  return lines.join('\n');
}

/** Replaces the marked section of a README; `path` is only used in the error message. */
export function replaceDocsSection(readme: string, docs: string, path: string): string {
  const begin = readme.indexOf(BEGIN_MARKER);
  const end = readme.indexOf(END_MARKER);
  if (begin === -1 || end === -1 || end < begin) {
    throw new ConfigurationError(
      `${path}: needs the markers ${BEGIN_MARKER} and ${END_MARKER} (in that order) where the generated tables go`,
    );
  }
  return `${readme.slice(0, begin)}${docs}${readme.slice(end + END_MARKER.length)}`;
}

export interface ReadmeStatus {
  module: string;
  readme: string;
  current: string;
  expected: string;
}

/** Every module README (`modules/<name>/README.md`) of the repository with its current and expected text. */
export async function moduleReadmes(repo: Repository): Promise<ReadmeStatus[]> {
  const files = new Set(repo.files.map((f) => f.path));
  const out: ReadmeStatus[] = [];
  for (const dir of repo.dirs.values()) {
    if (posix.dirname(dir.dir) !== 'modules') continue;
    const readmePath = `${dir.dir}/README.md`;
    if (!files.has(readmePath))
      throw new ConfigurationError(`${readmePath} is missing (every module has a README with the TF_DOCS markers)`);
    const current = await repo.readText(readmePath);
    const expected = replaceDocsSection(current, renderModuleDocs(await interfaceOf(dir)), readmePath);
    out.push({ module: posix.basename(dir.dir), readme: readmePath, current, expected });
  }
  return out;
}
