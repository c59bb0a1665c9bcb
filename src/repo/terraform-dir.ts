/**
 * What one Terraform directory (all `.tf` files of one directory = one module) declares:
 * variables, outputs, locals, module calls, resources, the backend, and the places that read
 * files. Pure: built from parsed files, no I/O.
 */
import {
  evaluate,
  type HclFile,
  type Attribute,
  type Block,
  type Expr,
  type Range,
  findAttribute,
  walkAttributes,
  walkExpr,
} from '../hcl/index.js';
import { normalizeRepoPath } from './files.js';

export interface Located {
  /** Repository-relative path of the file that declares it. */
  file: string;
}

export interface VariableDecl extends Located {
  name: string;
  block: Block;
  type?: Attribute;
  description?: Attribute;
  default?: Attribute;
  sensitive: boolean;
}

export interface OutputDecl extends Located {
  name: string;
  block: Block;
}

export interface LocalDecl extends Located {
  name: string;
  attribute: Attribute;
}

export interface ModuleCall extends Located {
  name: string;
  block: Block;
  /** The `source` string when it is a literal (Terraform requires that). */
  source?: string;
  sourceAttribute?: Attribute;
  /** Repository-relative directory of a local source (`./…`, `../…`), normalised. */
  localDir?: string;
  /** Input arguments (meta-arguments such as source, version, count, providers excluded). */
  args: Map<string, Attribute>;
}

export interface ResourceDecl extends Located {
  mode: 'managed' | 'data';
  type: string;
  name: string;
  block: Block;
}

export interface BackendDecl extends Located {
  /** `s3`, `local`, `gcs`, …, or `cloud` for a `cloud {}` block. */
  type: string;
  block: Block;
  attributes: Map<string, Attribute>;
}

/** How a file path reaches Terraform. */
export type FileReadKind = 'function' | 'archive_file' | 'resource-source';

export interface FileReadSite extends Located {
  kind: FileReadKind;
  /** Function name (`file`, `templatefile`, `fileset`, …) or `<resource type>.<attribute>`. */
  via: string;
  /** The path argument. */
  pathExpr: Expr;
  /** For fileset(): the pattern argument. */
  patternExpr?: Expr;
  /** Whether the path names a directory (fileset, archive_file source_dir). */
  directory: boolean;
  range: Range;
}

export interface TerraformDir {
  dir: string;
  files: HclFile[];
  variables: Map<string, VariableDecl>;
  outputs: Map<string, OutputDecl>;
  locals: Map<string, LocalDecl>;
  moduleCalls: ModuleCall[];
  resources: ResourceDecl[];
  backend?: BackendDecl;
  imports: (Block & Located)[];
  fileReadSites: FileReadSite[];
}

const MODULE_META_ARGS = new Set(['source', 'version', 'providers', 'count', 'for_each', 'depends_on']);

/** Functions whose first argument is a path Terraform reads at plan time. */
export const FILE_FUNCTIONS = new Set([
  'file',
  'filebase64',
  'filebase64sha256',
  'filebase64sha512',
  'filemd5',
  'filesha1',
  'filesha256',
  'filesha512',
  'fileexists',
  'templatefile',
  'fileset',
]);

/** Resource attributes that name a local file uploaded or hashed by the provider. */
export const RESOURCE_FILE_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  aws_s3_object: ['source'],
  aws_s3_bucket_object: ['source'],
  aws_lambda_function: ['filename'],
  aws_lambda_layer_version: ['filename'],
};

export function buildTerraformDir(dir: string, files: HclFile[]): TerraformDir {
  const result: TerraformDir = {
    dir,
    files,
    variables: new Map(),
    outputs: new Map(),
    locals: new Map(),
    moduleCalls: [],
    resources: [],
    imports: [],
    fileReadSites: [],
  };
  for (const file of files) {
    const path = file.path;
    for (const block of file.body.blocks) {
      switch (block.type) {
        case 'variable': {
          const name = block.labels[0];
          if (!name) break;
          const sensitive = findAttribute(block.body, 'sensitive');
          const sensitiveValue = sensitive ? evaluate(sensitive.expr) : undefined;
          result.variables.set(name, {
            name,
            block,
            file: path,
            ...optional('type', findAttribute(block.body, 'type')),
            ...optional('description', findAttribute(block.body, 'description')),
            ...optional('default', findAttribute(block.body, 'default')),
            sensitive: sensitiveValue?.known === true && sensitiveValue.value === true,
          });
          break;
        }
        case 'output': {
          const name = block.labels[0];
          if (name) result.outputs.set(name, { name, block, file: path });
          break;
        }
        case 'locals':
          for (const attribute of block.body.attributes)
            result.locals.set(attribute.name, { name: attribute.name, attribute, file: path });
          break;
        case 'module': {
          const name = block.labels[0];
          if (!name) break;
          const sourceAttribute = findAttribute(block.body, 'source');
          const sourceValue = sourceAttribute ? evaluate(sourceAttribute.expr) : undefined;
          const source = sourceValue?.known && typeof sourceValue.value === 'string' ? sourceValue.value : undefined;
          const args = new Map<string, Attribute>();
          for (const attribute of block.body.attributes)
            if (!MODULE_META_ARGS.has(attribute.name)) args.set(attribute.name, attribute);
          result.moduleCalls.push({
            name,
            block,
            file: path,
            args,
            ...optional('source', source),
            ...optional('sourceAttribute', sourceAttribute),
            ...optional(
              'localDir',
              source !== undefined && isLocalSource(source) ? normalizeRepoPath(`${dir}/${source}`) : undefined,
            ),
          });
          break;
        }
        case 'resource':
        case 'data': {
          const [type, name] = block.labels;
          if (type && name)
            result.resources.push({
              mode: block.type === 'resource' ? 'managed' : 'data',
              type,
              name,
              block,
              file: path,
            });
          break;
        }
        case 'terraform':
          for (const inner of block.body.blocks) {
            if (inner.type === 'backend' || inner.type === 'cloud') {
              const attributes = new Map(inner.body.attributes.map((a) => [a.name, a] as const));
              result.backend = {
                type: inner.type === 'cloud' ? 'cloud' : (inner.labels[0] ?? 'unknown'),
                block: inner,
                file: path,
                attributes,
              };
            }
          }
          break;
        case 'import':
          result.imports.push({ ...block, file: path });
          break;
      }
    }
    result.fileReadSites.push(...fileReadSites(file));
  }
  return result;
}

export function isLocalSource(source: string): boolean {
  return source.startsWith('./') || source.startsWith('../') || source === '.' || source === '..';
}

function fileReadSites(file: HclFile): FileReadSite[] {
  const sites: FileReadSite[] = [];
  for (const { attribute, parents } of walkAttributes(file.body)) {
    for (const expr of walkExpr(attribute.expr)) {
      if (expr.kind === 'call' && FILE_FUNCTIONS.has(expr.name) && expr.args[0]) {
        sites.push({
          file: file.path,
          kind: 'function',
          via: expr.name,
          pathExpr: expr.args[0],
          ...optional('patternExpr', expr.name === 'fileset' ? expr.args[1] : undefined),
          directory: expr.name === 'fileset',
          range: expr.range,
        });
      }
    }
    const owner = parents[0];
    if (!owner || parents.length !== 1) continue;
    const [type] = owner.labels;
    if (
      owner.type === 'data' &&
      type === 'archive_file' &&
      (attribute.name === 'source_dir' || attribute.name === 'source_file')
    ) {
      sites.push({
        file: file.path,
        kind: 'archive_file',
        via: `archive_file.${attribute.name}`,
        pathExpr: attribute.expr,
        directory: attribute.name === 'source_dir',
        range: attribute.range,
      });
    }
    if (owner.type === 'resource' && type && RESOURCE_FILE_ATTRIBUTES[type]?.includes(attribute.name)) {
      sites.push({
        file: file.path,
        kind: 'resource-source',
        via: `${type}.${attribute.name}`,
        pathExpr: attribute.expr,
        directory: false,
        range: attribute.range,
      });
    }
  }
  return sites;
}

/** `{ key: value }` when value is defined, `{}` otherwise (exactOptional-friendly spreads). */
export function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
