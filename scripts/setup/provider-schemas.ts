/**
 * Turns a published CDK Terrain provider binding (the npm package inside a `cdktn-provider-*`
 * wheel) into Terraform's provider schema JSON (the `terraform providers schema -json` format),
 * which the provider double (test/provider-double) serves.
 *
 *   tsx scripts/setup/provider-schemas.ts --package DIR --source registry.terraform.io/hashicorp/aws --out FILE
 *
 * What the binding records, per resource, data source and nested block (its generated lib/<type>/*.js):
 *   - every attribute with `// name - computed: B, optional: B, required: B` (the schema's own flags);
 *   - its type through the getter (`getStringAttribute`, `Fn.tolist(getListAttribute…)` for a set, …)
 *     or the field (`new XList(this, "name", wrapsSet)`, `new cdktn.StringMap(…)`);
 *   - for every configurable attribute, in `synthesizeHclAttributes` / `xToHclTerraform`, its nesting
 *     (`type: "list" | "set" | "struct" | "map"`); a list or set is a block when its mapper says so
 *     (`listMapperHcl(fn, true)`; the emitted `isBlock` only means "complex"), a single or map
 *     struct when its documentation (index.d.ts, as in the jsii assembly) is the generator's
 *     "<name> block".
 * The jsii assembly has the same types but not the computed flag of optional attributes, which the
 * double needs (a second plan after apply must be empty), so the generated code is read.
 *
 * Attributes the generator replaced by `any` to keep its output small are served as the generator
 * left them (dynamic), except where GRAFTS names the same API type elsewhere in the provider.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

type CtyType = string | [string, CtyType] | ['object', Record<string, CtyType>];

interface Flags {
  computed: boolean;
  optional: boolean;
  required: boolean;
}

interface Entry extends Flags {
  name: string;
  /** Right-hand side of the field initialiser (`new XList(this, "n", false)`), if any. */
  field?: string;
  /** The getter's return expression. */
  getter?: string;
}

interface HclAttr {
  name: string;
  value: string;
  isBlock: boolean;
  kind: string;
  storage: string;
}

interface ClassInfo {
  name: string;
  base: string;
  tfType?: string;
  entries: Entry[];
  hcl?: HclAttr[];
  /** For List/Map classes: the OutputReference class `get()` returns. */
  element?: string;
}

interface Unit {
  classes: Map<string, ClassInfo>;
  functions: Map<string, HclAttr[]>;
  /** Per config interface (index.d.ts): the attributes documented as blocks. */
  blocks: Map<string, Set<string>>;
}

export interface SchemaAttribute {
  type?: CtyType;
  nested_type?: { nesting_mode: string; attributes: Record<string, SchemaAttribute> };
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
}

export interface SchemaBlock {
  attributes?: Record<string, SchemaAttribute>;
  block_types?: Record<string, { nesting_mode: string; block: SchemaBlock; min_items?: number; max_items?: number }>;
}

const stripNs = (name: string) => name.replace(/^[a-z_]\w*\./, '');

const CLASS_RE = /^class (\w+) extends ([\w.]+) \{\n([\s\S]*?)^\}\n/gm;
const FUNCTION_RE = /^function (\w+)ToHclTerraform\(struct\) \{\n([\s\S]*?)^\}\n/gm;
const HCL_ATTR_RE =
  /^\s+(\w+): \{\n\s+value: (.*),\n\s+isBlock: (true|false),\n\s+type: "(\w+)",\n\s+storageClassType: "(\w+)",\n\s+\}/gm;
const ENTRY_RE =
  /^ {4}\/\/ (\w+) - computed: (true|false), optional: (true|false), required: (true|false)\n((?: {4}(?!\/\/ \w+ - computed:).*\n){0,8})/gm;

function hclAttrs(text: string): HclAttr[] {
  return [...text.matchAll(HCL_ATTR_RE)].map((m) => ({
    name: m[1]!,
    value: m[2]!,
    isBlock: m[3] === 'true',
    kind: m[4]!,
    storage: m[5]!,
  }));
}

const INTERFACE_RE = /^export interface (\w+)(?: extends [\w.]+)? \{\n([\s\S]*?)^\}\n/gm;
const BLOCK_DOC_RE = /^\s+\* (\w+) block\n\s+\*\n\s+\* Docs at Terraform Registry: \{@link [^#}]*#(\w+) /gm;

export function parseUnit(texts: readonly string[], declarations: readonly string[] = []): Unit {
  const unit: Unit = { classes: new Map(), functions: new Map(), blocks: new Map() };
  for (const text of declarations) {
    for (const m of text.matchAll(INTERFACE_RE)) {
      const names = new Set([...m[2]!.matchAll(BLOCK_DOC_RE)].filter((b) => b[1] === b[2]).map((b) => b[1]!));
      unit.blocks.set(m[1]!, names);
    }
  }
  for (const text of texts) {
    for (const m of text.matchAll(FUNCTION_RE)) unit.functions.set(m[1]!, hclAttrs(m[2]!));
    for (const m of text.matchAll(CLASS_RE)) {
      const [, name, base, body] = m as unknown as [string, string, string, string];
      const info: ClassInfo = { name, base, entries: [] };
      const tfType = /static tfResourceType = "([^"]+)";/.exec(body);
      if (tfType) info.tfType = tfType[1]!;
      const synth = /synthesizeHclAttributes\(\) \{\n([\s\S]*?)\n {4}\}\n/.exec(body);
      if (synth) info.hcl = hclAttrs(synth[1]!);
      const element = /\n {4}get\((?:index|key)\) \{\n\s+return new ([\w.]+)\(/.exec(body);
      if (element) info.element = stripNs(element[1]!);
      for (const e of body.matchAll(ENTRY_RE)) {
        const chunk = e[5] ?? '';
        const entry: Entry = {
          name: e[1]!,
          computed: e[2] === 'true',
          optional: e[3] === 'true',
          required: e[4] === 'true',
        };
        const field = /^ {4}_\w+ = (new [^;]+);/m.exec(chunk);
        if (field) entry.field = field[1]!;
        const getter = /^ {4}get \w+\(\) \{\n\s+return (.*);/m.exec(chunk);
        if (getter) entry.getter = getter[1]!;
        info.entries.push(entry);
      }
      unit.classes.set(name, info);
    }
  }
  return unit;
}

const PRIMITIVE_STORAGE: Record<string, CtyType> = {
  string: 'string',
  number: 'number',
  boolean: 'bool',
  any: 'dynamic',
  stringMap: ['map', 'string'],
  numberMap: ['map', 'number'],
  booleanMap: ['map', 'bool'],
  anyMap: ['map', 'dynamic'],
  stringListMap: ['map', ['list', 'string']],
  stringMapMap: ['map', ['map', 'string']],
  stringListList: ['list', ['list', 'string']],
  stringMapList: ['list', ['map', 'string']],
};

function storageType(h: HclAttr): CtyType | undefined {
  const collection = h.kind === 'set' ? 'set' : 'list';
  if (h.storage === 'stringList') return [collection, 'string'];
  if (h.storage === 'numberList') return [collection, 'number'];
  if (h.storage === 'booleanList') return [collection, 'bool'];
  return PRIMITIVE_STORAGE[h.storage];
}

function getterType(getter: string | undefined): CtyType | undefined {
  if (!getter) return undefined;
  const set = getter.includes('Fn.tolist(');
  const call = /this\.(\w+)\('/.exec(getter)?.[1];
  switch (call) {
    case 'getStringAttribute':
      return 'string';
    case 'getNumberAttribute':
      return 'number';
    case 'getBooleanAttribute':
      return 'bool';
    case 'getListAttribute':
      return [set ? 'set' : 'list', 'string'];
    case 'getNumberListAttribute':
      return [set ? 'set' : 'list', 'number'];
    case 'getStringMapAttribute':
      return ['map', 'string'];
    case 'getNumberMapAttribute':
      return ['map', 'number'];
    case 'getBooleanMapAttribute':
      return ['map', 'bool'];
    case 'getAnyMapAttribute':
      return ['map', 'dynamic'];
    case 'interpolationForAttribute':
      return 'dynamic';
    default:
      return undefined;
  }
}

const FIELD_TYPES: Record<string, CtyType> = {
  StringMap: ['map', 'string'],
  NumberMap: ['map', 'number'],
  BooleanMap: ['map', 'bool'],
  AnyMap: ['map', 'dynamic'],
  StringListMap: ['map', ['list', 'string']],
  NumberListMap: ['map', ['list', 'number']],
  BooleanListMap: ['map', ['list', 'bool']],
  AnyListMap: ['map', ['list', 'dynamic']],
};

interface FieldInfo {
  cls: string;
  /** list / set for List classes, map for Map classes, single for an OutputReference. */
  collection: 'list' | 'set' | 'map' | 'single';
}

function fieldInfo(unit: Unit, field: string | undefined): FieldInfo | CtyType | undefined {
  if (!field) return undefined;
  const m = /^new ([\w.]+)\(this, "\w+"(?:, (true|false))?\)$/.exec(field);
  if (!m) return undefined;
  const full = m[1]!;
  if (full.startsWith('cdktn.')) {
    const name = full.slice('cdktn.'.length);
    if (FIELD_TYPES[name]) return FIELD_TYPES[name];
    const mapList = /^(String|Number|Boolean|Any)MapList$/.exec(name);
    if (mapList) {
      const element = { String: 'string', Number: 'number', Boolean: 'bool', Any: 'dynamic' }[mapList[1]!]!;
      return [m[2] === 'true' ? 'set' : 'list', ['map', element]];
    }
    return 'dynamic';
  }
  const cls = unit.classes.get(stripNs(full));
  if (!cls) return undefined;
  if (cls.base.endsWith('ComplexList'))
    return cls.element ? { cls: cls.element, collection: m[2] === 'true' ? 'set' : 'list' } : undefined;
  if (cls.base.endsWith('ComplexMap')) return cls.element ? { cls: cls.element, collection: 'map' } : undefined;
  return { cls: cls.name, collection: 'single' };
}

const isFieldInfo = (value: FieldInfo | CtyType | undefined): value is FieldInfo =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The struct function an HCL attribute's value maps with (`listMapperHcl(fooToHclTerraform, true)`). */
function mapperFunction(value: string): string | undefined {
  const m = /(?:^|[(\s])(?:[a-z_]\w*\.)?([a-z]\w*)ToHclTerraform\b/.exec(value);
  if (!m || /^(string|number|boolean|any|list|hash)/.test(m[1]!)) {
    const all = [...value.matchAll(/(?:^|[(\s])(?:[a-z_]\w*\.)?([a-z]\w*)ToHclTerraform\b/g)].map((x) => x[1]!);
    return all.find((name) => !/^(string|number|boolean|any)$/.test(name));
  }
  return m[1];
}

const MAX_DEPTH = 24;

/** The struct (config interface) a `fooToHclTerraform` function maps: `Foo`. */
const structName = (fn: string) => fn.charAt(0).toUpperCase() + fn.slice(1);

class Converter {
  constructor(private readonly unit: Unit) {}

  /** The cty type of a computed-only (or otherwise non-configurable) struct class. */
  private objectType(clsName: string, seen: readonly string[]): CtyType {
    const cls = this.unit.classes.get(clsName);
    if (!cls || seen.includes(clsName) || seen.length > MAX_DEPTH) return 'dynamic';
    const attrs: Record<string, CtyType> = {};
    for (const entry of cls.entries) attrs[entry.name] = this.entryType(entry, undefined, [...seen, clsName]);
    return ['object', attrs];
  }

  private entryType(entry: Entry | undefined, h: HclAttr | undefined, seen: readonly string[]): CtyType {
    const info = fieldInfo(this.unit, entry?.field);
    if (isFieldInfo(info)) {
      const object = this.objectType(info.cls, seen);
      return info.collection === 'single' ? object : [info.collection, object];
    }
    if (info) return info;
    const fromGetter = getterType(entry?.getter);
    if (fromGetter) return fromGetter;
    const fromStorage = h ? storageType(h) : undefined;
    if (fromStorage) return fromStorage;
    if (h) {
      const fn = mapperFunction(h.value);
      if (fn) {
        const nested = this.block(undefined, this.unit.functions.get(fn), seen, false, structName(fn));
        const object: CtyType = [
          'object',
          Object.fromEntries(Object.entries(nested.attributes ?? {}).map(([k, v]) => [k, v.type ?? 'dynamic'])),
        ];
        if (h.kind === 'struct') return object;
        return [h.kind === 'set' ? 'set' : h.kind === 'map' ? 'map' : 'list', object];
      }
    }
    return 'dynamic';
  }

  /** Whether a configurable attribute of `owner` (its config interface) is a block. */
  private isBlock(h: HclAttr, owner: string | undefined): boolean {
    // A max-one list or set is mapped as its single struct: only blocks have max_items.
    if (h.kind === 'list' || h.kind === 'set')
      return !h.value.includes('listMapperHcl(') || /listMapperHcl\([\w.]+, true\)/.test(h.value);
    if (h.kind === 'struct' || h.kind === 'map')
      return owner !== undefined && (this.unit.blocks.get(owner)?.has(h.name) ?? false);
    return false;
  }

  block(
    cls: ClassInfo | undefined,
    hcl: readonly HclAttr[] | undefined,
    seen: readonly string[],
    provider: boolean,
    owner: string | undefined,
  ): SchemaBlock {
    const entries = new Map((cls?.entries ?? []).map((e) => [e.name, e]));
    const hclByName = new Map((hcl ?? cls?.hcl ?? []).map((h) => [h.name, h]));
    const names = [...new Set([...entries.keys(), ...hclByName.keys()])].sort();
    const attributes: Record<string, SchemaAttribute> = {};
    const blockTypes: NonNullable<SchemaBlock['block_types']> = {};
    for (const name of names) {
      if (provider && name === 'alias') continue;
      const entry = entries.get(name);
      const h = hclByName.get(name);
      const flags: Flags = entry ?? { computed: false, optional: true, required: false };
      const info = fieldInfo(this.unit, entry?.field);
      const childFn = h ? mapperFunction(h.value) : undefined;
      const childCls = isFieldInfo(info) ? this.unit.classes.get(info.cls) : undefined;
      const complex = isFieldInfo(info) || (h !== undefined && childFn !== undefined && storageType(h) === undefined);
      const key = childCls?.name ?? childFn ?? name;
      if (seen.includes(key) || seen.length > MAX_DEPTH) continue;
      const childOwner = childFn ? structName(childFn) : undefined;
      if (h && complex && this.isBlock(h, owner)) {
        const single = isFieldInfo(info) ? info.collection === 'single' : !h.storage.endsWith('List');
        const nesting = h.kind === 'struct' ? 'single' : h.kind === 'set' ? 'set' : h.kind === 'map' ? 'map' : 'list';
        const block = this.block(
          childCls,
          childFn ? this.unit.functions.get(childFn) : undefined,
          [...seen, key],
          false,
          childOwner,
        );
        blockTypes[name] = {
          nesting_mode: nesting,
          block,
          ...(flags.required && (nesting === 'list' || nesting === 'set') ? { min_items: 1 } : {}),
          ...(single && (nesting === 'list' || nesting === 'set') ? { max_items: 1 } : {}),
        };
        continue;
      }
      const attr: SchemaAttribute = {};
      if (h && complex && (flags.optional || flags.required)) {
        const nested = this.block(
          childCls,
          childFn ? this.unit.functions.get(childFn) : undefined,
          [...seen, key],
          false,
          childOwner,
        );
        const nesting = isFieldInfo(info)
          ? info.collection
          : h.kind === 'struct'
            ? 'single'
            : h.kind === 'set'
              ? 'set'
              : h.kind === 'map'
                ? 'map'
                : 'list';
        if (nested.block_types && Object.keys(nested.block_types).length > 0) {
          attr.type = this.entryType(entry, h, seen);
        } else {
          attr.nested_type = { nesting_mode: nesting, attributes: nested.attributes ?? {} };
        }
      } else {
        attr.type = this.entryType(entry, h, seen);
      }
      // Terraform rejects required+computed (some generated flags say both): required wins.
      if (flags.required) attr.required = true;
      else if (flags.optional) attr.optional = true;
      if (flags.computed && !flags.required) attr.computed = true;
      if (!flags.required && !flags.optional && !flags.computed) attr.optional = true;
      attributes[name] = attr;
    }
    return {
      ...(Object.keys(attributes).length > 0 ? { attributes } : {}),
      ...(Object.keys(blockTypes).length > 0 ? { block_types: blockTypes } : {}),
    };
  }
}

/** Blocks the generator replaced by `any`, served with the schema of the same API type elsewhere in the provider. */
const GRAFTS: { kind: 'resource'; type: string; path: string[]; from: string; fromPath: string[] }[] = [
  {
    kind: 'resource',
    type: 'aws_wafv2_web_acl',
    path: ['rule', 'statement'],
    from: 'aws_wafv2_web_acl_rule',
    fromPath: ['statement'],
  },
  {
    kind: 'resource',
    type: 'aws_wafv2_rule_group',
    path: ['rule', 'statement'],
    from: 'aws_wafv2_web_acl_rule',
    fromPath: ['statement'],
  },
];

export interface ProviderSchema {
  provider: { version: number; block: SchemaBlock };
  resource_schemas: Record<string, { version: number; block: SchemaBlock }>;
  data_source_schemas: Record<string, { version: number; block: SchemaBlock }>;
}

function applyGrafts(schema: ProviderSchema): string[] {
  const applied: string[] = [];
  for (const graft of GRAFTS) {
    const target = schema.resource_schemas[graft.type]?.block;
    const source = schema.resource_schemas[graft.from]?.block;
    if (!target || !source) continue;
    let parent: SchemaBlock | undefined = target;
    for (const step of graft.path.slice(0, -1)) parent = parent?.block_types?.[step]?.block;
    let from: SchemaBlock | undefined = source;
    for (const step of graft.fromPath.slice(0, -1)) from = from?.block_types?.[step]?.block;
    const leaf = graft.path.at(-1)!;
    const sourceBlock = from?.block_types?.[graft.fromPath.at(-1)!];
    if (!parent || !sourceBlock || parent.attributes?.[leaf]?.type !== 'dynamic') continue;
    delete parent.attributes[leaf];
    parent.block_types = { ...parent.block_types, [leaf]: { ...sourceBlock, min_items: 1, max_items: 1 } };
    applied.push(`${graft.type}.${graft.path.join('.')} from ${graft.from}`);
  }
  return applied;
}

async function jsFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await jsFiles(path)));
    else if (entry.name.endsWith('.js')) out.push(path);
  }
  return out;
}

export async function convertPackage(packageDir: string): Promise<{ schema: ProviderSchema; grafts: string[] }> {
  const lib = join(packageDir, 'lib');
  const schema: ProviderSchema = {
    provider: { version: 0, block: {} },
    resource_schemas: {},
    data_source_schemas: {},
  };
  for (const entry of (await readdir(lib, { withFileTypes: true })).filter((e) => e.isDirectory())) {
    const files = await jsFiles(join(lib, entry.name));
    const declarations = files.map((f) => f.replace(/\.js$/, '.d.ts'));
    const unit = parseUnit(
      await Promise.all(files.map((f) => readFile(f, 'utf8'))),
      await Promise.all(declarations.map((f) => readFile(f, 'utf8').catch(() => ''))),
    );
    const converter = new Converter(unit);
    for (const cls of unit.classes.values()) {
      if (!cls.tfType) continue;
      if (cls.base.endsWith('TerraformProvider')) {
        schema.provider.block = converter.block(cls, cls.hcl, [cls.name], true, `${cls.name}Config`);
      } else if (cls.base.endsWith('TerraformResource')) {
        schema.resource_schemas[cls.tfType] = {
          version: 0,
          block: converter.block(cls, cls.hcl, [cls.name], false, `${cls.name}Config`),
        };
      } else if (cls.base.endsWith('TerraformDataSource')) {
        schema.data_source_schemas[cls.tfType] = {
          version: 0,
          block: converter.block(cls, cls.hcl, [cls.name], false, `${cls.name}Config`),
        };
      }
    }
  }
  const grafts = applyGrafts(schema);
  return { schema, grafts };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { package: { type: 'string' }, source: { type: 'string' }, out: { type: 'string' } },
  });
  if (!values.package || !values.source || !values.out) {
    process.stderr.write('usage: provider-schemas.ts --package DIR --source HOST/NAMESPACE/TYPE --out FILE\n');
    process.exitCode = 2;
    return;
  }
  const pkg = JSON.parse(await readFile(join(values.package, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
    cdktn?: { provider?: { name?: string; version?: string } };
  };
  const { schema, grafts } = await convertPackage(values.package);
  const resources = Object.keys(schema.resource_schemas).length;
  const dataSources = Object.keys(schema.data_source_schemas).length;
  if (resources === 0) throw new Error(`${values.package}: no resource types found in the generated code`);
  const document = {
    format_version: '1.0',
    generated_from: { package: pkg.name, version: pkg.version, provider: pkg.cdktn?.provider ?? null, grafts },
    provider_schemas: { [values.source]: schema },
  };
  await writeFile(values.out, JSON.stringify(document));
  process.stderr.write(
    `provider-schemas: ${values.source} ${pkg.cdktn?.provider?.version ?? '?'} from ${pkg.name}@${pkg.version}: ${resources} resources, ${dataSources} data sources${grafts.length ? `; grafted ${grafts.join('; ')}` : ''}\n`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    process.stderr.write(`provider-schemas: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
