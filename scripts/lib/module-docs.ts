/**
 * Module README tables (requirements, inputs, outputs) generated from versions.tf,
 * variables.tf and outputs.tf, written between `<!-- BEGIN_TF_DOCS -->` and
 * `<!-- END_TF_DOCS -->` (the terraform-docs markers).
 *
 * HCL is read in exactly one place, `readModuleInterface`, with HashiCorp's parser
 * (@cdktf/hcl2json); moving the generator onto the shared core (src/hcl, src/repo) means
 * replacing that one function.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as hcl2json } from '@cdktf/hcl2json';
import { ConfigurationError, errorMessage } from '../../src/lib/errors.js';

export const BEGIN_MARKER = '<!-- BEGIN_TF_DOCS -->';
export const END_MARKER = '<!-- END_TF_DOCS -->';

export interface ModuleVariable {
  name: string;
  type: string;
  description: string;
  /** Absent: the variable is required. */
  default?: { value: unknown };
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

type Blocks = Record<string, Record<string, unknown>[]>;

/** The only HCL reader of the generator: every .tf file of one module → its interface. */
export async function readModuleInterface(files: { path: string; text: string }[]): Promise<ModuleInterface> {
  const result: ModuleInterface = { providers: [], variables: [], outputs: [] };
  for (const file of files) {
    let json: Record<string, unknown>;
    try {
      json = (await hcl2json(file.path, file.text)) as Record<string, unknown>;
    } catch (error) {
      throw new ConfigurationError(`${file.path}: cannot parse: ${errorMessage(error)}`);
    }
    for (const [name, [body]] of Object.entries((json.variable ?? {}) as Blocks)) {
      if (!body) continue;
      result.variables.push({
        name,
        type: typeof body.type === 'string' ? unwrap(body.type) : 'any',
        description: typeof body.description === 'string' ? body.description : '',
        ...('default' in body ? { default: { value: body.default } } : {}),
        sensitive: body.sensitive === true,
      });
    }
    for (const [name, [body]] of Object.entries((json.output ?? {}) as Blocks)) {
      if (!body) continue;
      result.outputs.push({ name, description: typeof body.description === 'string' ? body.description : '', sensitive: body.sensitive === true });
    }
    for (const terraform of (json.terraform ?? []) as Record<string, unknown>[]) {
      if (typeof terraform.required_version === 'string') result.requiredVersion = terraform.required_version;
      for (const providers of (terraform.required_providers ?? []) as Record<string, { source?: string; version?: string }>[]) {
        for (const [name, p] of Object.entries(providers)) result.providers.push({ name, source: p.source ?? `hashicorp/${name}`, version: p.version ?? '' });
      }
    }
  }
  const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  result.variables.sort(byName);
  result.outputs.sort(byName);
  result.providers.sort(byName);
  return result;
}

/** `${map(string)}` → `map(string)`: hcl2json wraps expressions in a template. */
function unwrap(expr: string): string {
  const match = /^\$\{([\s\S]*)\}$/.exec(expr);
  return match ? (match[1] ?? '') : expr;
}

/** One table cell: single line, pipes escaped. */
function cell(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replace(/\|/g, '\\|');
}

/** Inline code that survives backticks and pipes inside it. */
function code(text: string): string {
  const value = cell(text);
  return value.includes('`') ? `<code>${value.replace(/</g, '&lt;')}</code>` : `\`${value}\``;
}

function renderDefault(value: unknown): string {
  if (typeof value === 'string') return code(JSON.stringify(value.startsWith('${') ? unwrap(value) : value));
  return code(JSON.stringify(value) ?? 'null');
}

/** The generated section, markers included. */
export function renderModuleDocs(iface: ModuleInterface): string {
  const lines: string[] = [BEGIN_MARKER, '## Requirements', '', '| Name | Version |', '|------|---------|'];
  if (iface.requiredVersion) lines.push(`| terraform | ${code(iface.requiredVersion)} |`);
  for (const p of iface.providers) lines.push(`| ${p.name} (${p.source}) | ${code(p.version)} |`);
  lines.push('', '## Inputs', '');
  if (iface.variables.length === 0) {
    lines.push('No inputs.');
  } else {
    lines.push('| Name | Description | Type | Default | Required |', '|------|-------------|------|---------|:--------:|');
    for (const v of iface.variables) {
      lines.push(`| ${v.name} | ${cell(v.description)}${v.sensitive ? ' (sensitive)' : ''} | ${code(v.type)} | ${v.default ? renderDefault(v.default.value) : 'n/a'} | ${v.default ? 'no' : 'yes'} |`);
    }
  }
  lines.push('', '## Outputs', '');
  if (iface.outputs.length === 0) {
    lines.push('No outputs.');
  } else {
    lines.push('| Name | Description |', '|------|-------------|');
    for (const o of iface.outputs) lines.push(`| ${o.name} | ${cell(o.description)}${o.sensitive ? ' (sensitive)' : ''} |`);
  }
  lines.push(END_MARKER);
  return lines.join('\n');
}

/** Replaces the marked section of a README; `path` is only used in the error message. */
export function replaceDocsSection(readme: string, docs: string, path: string): string {
  const begin = readme.indexOf(BEGIN_MARKER);
  const end = readme.indexOf(END_MARKER);
  if (begin === -1 || end === -1 || end < begin) {
    throw new ConfigurationError(`${path}: needs the markers ${BEGIN_MARKER} and ${END_MARKER} (in that order) where the generated tables go`);
  }
  return `${readme.slice(0, begin)}${docs}${readme.slice(end + END_MARKER.length)}`;
}

export interface ReadmeStatus {
  module: string;
  readme: string;
  current: string;
  expected: string;
}

/** Every module README under `root`/modules with its current and expected text. */
export async function moduleReadmes(root: string): Promise<ReadmeStatus[]> {
  const modulesDir = join(root, 'modules');
  if (!existsSync(modulesDir)) throw new ConfigurationError(`${modulesDir}: no such directory`);
  const out: ReadmeStatus[] = [];
  for (const entry of (await readdir(modulesDir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (!entry.isDirectory()) continue;
    const dir = join(modulesDir, entry.name);
    const tfNames = (await readdir(dir)).filter((n) => n.endsWith('.tf')).sort();
    if (tfNames.length === 0) continue;
    const files = await Promise.all(tfNames.map(async (n) => ({ path: `modules/${entry.name}/${n}`, text: await readFile(join(dir, n), 'utf8') })));
    const readmePath = `modules/${entry.name}/README.md`;
    if (!existsSync(join(root, readmePath))) throw new ConfigurationError(`${readmePath} is missing (every module has a README with the TF_DOCS markers)`);
    const current = await readFile(join(root, readmePath), 'utf8');
    const expected = replaceDocsSection(current, renderModuleDocs(await readModuleInterface(files)), readmePath);
    out.push({ module: entry.name, readme: readmePath, current, expected });
  }
  return out;
}
