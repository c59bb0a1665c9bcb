/**
 * What one Terraform directory (all `.tf` and `.tf.json` files of one directory = one module)
 * declares, from the configuration Terraform assembles (override files merged, src/repo/merge.ts):
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
import { mergedBlocks } from './merge.js';
import { repositorySubdir } from './sources.js';

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
  /** `sensitive = true`: its value is never shown. */
  sensitive: boolean;
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
  /**
   * Repository-relative directory of a local source (`./…`, `../…`), normalised; also of a git
   * source that names this repository (LoadOptions.repositoryUrls), at its `//subdir`.
   */
  localDir?: string;
  /** Set when `localDir` comes from a git source naming this repository (not a local path). */
  viaRepositoryUrl?: string;
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
  /**
   * Its settings: the block's arguments, then those of the backend-config files the root is
   * initialised with (later wins, as `terraform init -backend-config` does). Each attribute
   * names its own file.
   */
  attributes: Map<string, Attribute>;
  /** The backend-config files merged into `attributes` (repository-relative), in order. */
  configFiles: string[];
  /** Why the backend-config files cannot be known (several candidates, a declared file missing, …). */
  configUnresolved?: string;
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
  /** The `for_each` of the resource or data source the site is in: `each.*` is bound per key. */
  forEach?: Expr;
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

/** Data sources that read a local file at plan time. */
export const DATA_FILE_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  local_file: ['filename'],
  local_sensitive_file: ['filename'],
};

export interface BuildOptions {
  /** URLs of this repository: a git module source naming one of them is read as a local directory. */
  repositoryUrls?: readonly string[];
}

/** A directory that declares nothing yet, holding `files`. */
export function emptyTerraformDir(dir: string, files: HclFile[]): TerraformDir {
  return {
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
}

export function buildTerraformDir(dir: string, files: HclFile[], options: BuildOptions = {}): TerraformDir {
  const result = emptyTerraformDir(dir, files);
  const merged = mergedBlocks(files);
  for (const block of merged) {
    const path = block.file;
    {
      switch (block.type) {
        case 'variable': {
          const name = block.labels[0];
          if (!name) break;
          result.variables.set(name, {
            name,
            block,
            file: path,
            type: findAttribute(block.body, 'type'),
            description: findAttribute(block.body, 'description'),
            default: findAttribute(block.body, 'default'),
            sensitive: isTrue(block, 'sensitive'),
          });
          break;
        }
        case 'output': {
          const name = block.labels[0];
          if (name) result.outputs.set(name, { name, block, file: path, sensitive: isTrue(block, 'sensitive') });
          break;
        }
        case 'locals':
          for (const attribute of block.body.attributes)
            result.locals.set(attribute.name, { name: attribute.name, attribute, file: attribute.file });
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
          const inRepository =
            source !== undefined && !isLocalSource(source)
              ? repositorySubdir(source, options.repositoryUrls ?? [])
              : undefined;
          result.moduleCalls.push({
            name,
            block,
            file: path,
            args,
            source,
            sourceAttribute,
            localDir:
              source !== undefined && isLocalSource(source)
                ? normalizeRepoPath(`${dir}/${source}`)
                : inRepository && normalizeRepoPath(inRepository.subdir),
            viaRepositoryUrl: inRepository?.url,
          });
          break;
        }
        case 'resource':
        case 'data':
          pushResource(result, block);
          break;
        case 'check':
          // A check block's scoped data sources are read at plan time like any other.
          for (const inner of block.body.blocks) if (inner.type === 'data') pushResource(result, inner);
          break;
        case 'terraform':
          for (const inner of block.body.blocks) {
            // Terraform refuses a second backend among the normal files; the first one is kept.
            if ((inner.type === 'backend' || inner.type === 'cloud') && !result.backend) {
              const attributes = new Map(inner.body.attributes.map((a) => [a.name, a] as const));
              result.backend = {
                type: inner.type === 'cloud' ? 'cloud' : (inner.labels[0] ?? 'unknown'),
                block: inner,
                file: inner.file,
                attributes,
                configFiles: [],
              };
            }
          }
          break;
        case 'import':
          result.imports.push({ ...block, file: path });
          break;
      }
    }
  }
  result.fileReadSites.push(...fileReadSites(merged));
  return result;
}

export function isLocalSource(source: string): boolean {
  return source.startsWith('./') || source.startsWith('../') || source === '.' || source === '..';
}

function isTrue(block: Block, name: string): boolean {
  const attribute = findAttribute(block.body, name);
  const value = attribute ? evaluate(attribute.expr) : undefined;
  return value?.known === true && value.value === true;
}

function pushResource(result: TerraformDir, block: Block): void {
  const [type, name] = block.labels;
  if (type && name)
    result.resources.push({ mode: block.type === 'data' ? 'data' : 'managed', type, name, block, file: block.file });
}

/** Where a block's resource type names a file attribute: resource sources, local_file data sources, archive sources. */
function fileAttributeVia(
  owner: Block | undefined,
  attribute: Attribute,
  parents: Block[],
): FileReadSite['kind'] | undefined {
  const [type] = owner?.labels ?? [];
  if (!owner || !type) return undefined;
  if (owner.type === 'data' && type === 'archive_file') {
    if (parents.length === 1 && (attribute.name === 'source_dir' || attribute.name === 'source_file'))
      return 'archive_file';
    if (parents.length === 2 && parents[1]?.type === 'source' && attribute.name === 'filename') return 'archive_file';
    return undefined;
  }
  if (parents.length !== 1) return undefined;
  if (owner.type === 'resource' && RESOURCE_FILE_ATTRIBUTES[type]?.includes(attribute.name)) return 'resource-source';
  if (owner.type === 'data' && DATA_FILE_ATTRIBUTES[type]?.includes(attribute.name)) return 'resource-source';
  return undefined;
}

function fileReadSites(blocks: readonly Block[]): FileReadSite[] {
  const sites: FileReadSite[] = [];
  for (const { attribute, parents } of walkAttributes({ attributes: [], blocks: [...blocks] })) {
    // A check block's data sources count as top-level ones.
    const owners = parents[0]?.type === 'check' ? parents.slice(1) : parents;
    const forEach = owners[0] ? findAttribute(owners[0].body, 'for_each')?.expr : undefined;
    for (const expr of walkExpr(attribute.expr)) {
      if (expr.kind === 'call' && FILE_FUNCTIONS.has(expr.name) && expr.args[0]) {
        sites.push({
          file: attribute.file,
          kind: 'function',
          via: expr.name,
          pathExpr: expr.args[0],
          patternExpr: expr.name === 'fileset' ? expr.args[1] : undefined,
          directory: expr.name === 'fileset',
          range: expr.range,
          forEach,
        });
      }
    }
    const kind = fileAttributeVia(owners[0], attribute, owners);
    if (kind) {
      const type = owners[0]?.labels[0] ?? '';
      sites.push({
        file: attribute.file,
        kind,
        via:
          kind === 'archive_file'
            ? `archive_file.${owners.length === 2 ? 'source.filename' : attribute.name}`
            : `${type}.${attribute.name}`,
        pathExpr: attribute.expr,
        directory: attribute.name === 'source_dir',
        range: attribute.range,
        forEach,
      });
    }
  }
  return sites;
}
