/**
 * Where a backend (or a `terraform_remote_state` configuration) keeps its state, as one
 * comparable string: `s3://bucket/key`, `local:<repository path>`, `gcs://bucket/prefix`, ….
 * Two configurations with the same string share one state.
 */
import { evaluate, type Attribute, type Body, type KnownValue, type Scope, type Value, known } from '../hcl/index.js';
import { resolveFromRoot, type BackendDecl, type Repository, type TerraformDir } from '../repo/index.js';
import type { BackendSummary } from './types.js';

export type Settings = Record<string, Value>;

export interface StateRef {
  /** Null when a setting it depends on is missing or not statically known. */
  state: string | null;
  unresolved?: string;
}

/**
 * Attributes of a body evaluated in `scope` (or the given attributes instead of the body's, as a
 * backend's settings merged from its backend-config files); nested blocks (e.g. `workspaces {}`)
 * become objects.
 */
export function settingsOf(body: Body, scope: Scope, attributes: Iterable<Attribute> = body.attributes): Settings {
  const settings: Settings = {};
  for (const attribute of attributes) settings[attribute.name] = evaluate(attribute.expr, scope);
  for (const block of body.blocks) {
    const inner = settingsOf(block.body, scope);
    const object: Record<string, KnownValue> = {};
    let value: Value | undefined;
    for (const [name, v] of Object.entries(inner)) {
      if (!v.known) {
        value = v;
        break;
      }
      object[name] = v.value;
    }
    settings[block.type] = value ?? known(object);
  }
  return settings;
}

/** Settings from a known object value (a remote state's `config = { … }`). */
export function settingsFromObject(value: KnownValue): Settings | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, known(v)]));
}

interface Need {
  name: string;
  fallback?: string;
}

const LAYOUT: Record<string, { needs: Need[]; format: (v: string[]) => string }> = {
  s3: { needs: [{ name: 'bucket' }, { name: 'key' }], format: ([bucket, key]) => `s3://${bucket}/${key}` },
  gcs: {
    needs: [{ name: 'bucket' }, { name: 'prefix', fallback: '' }],
    format: ([bucket, prefix]) => `gcs://${bucket}/${prefix}`,
  },
  azurerm: {
    needs: [{ name: 'storage_account_name' }, { name: 'container_name' }, { name: 'key' }],
    format: ([account, container, key]) => `azurerm://${account}/${container}/${key}`,
  },
  http: { needs: [{ name: 'address' }], format: ([address]) => `http:${address}` },
  consul: {
    needs: [{ name: 'address', fallback: 'localhost:8500' }, { name: 'path' }],
    format: ([address, path]) => `consul://${address}/${path}`,
  },
  pg: {
    needs: [{ name: 'conn_str' }, { name: 'schema_name', fallback: 'terraform_remote_state' }],
    format: ([conn, schema]) => `pg:${conn}#${schema}`,
  },
  kubernetes: {
    needs: [{ name: 'secret_suffix' }, { name: 'namespace', fallback: 'default' }],
    format: ([suffix, ns]) => `kubernetes://${ns}/tfstate-default-${suffix}`,
  },
  oss: {
    needs: [{ name: 'bucket' }, { name: 'prefix', fallback: 'env:' }, { name: 'key', fallback: 'terraform.tfstate' }],
    format: ([b, p, k]) => `oss://${b}/${p}/${k}`,
  },
  cos: {
    needs: [{ name: 'bucket' }, { name: 'prefix', fallback: 'env:' }, { name: 'key', fallback: 'terraform.tfstate' }],
    format: ([b, p, k]) => `cos://${b}/${p}/${k}`,
  },
};

/**
 * The state a backend of `type` with `settings` points at. `root` is the root directory
 * (repository-relative) that relative local paths are resolved against, as Terraform does.
 */
export function stateOf(type: string, settings: Settings, root: string, absRoot: string): StateRef {
  const text = (name: string, fallback?: string): { value?: string; reason?: string } => {
    const v = settings[name];
    if (!v) return fallback === undefined ? { reason: `'${name}' is not set` } : { value: fallback };
    if (!v.known) return { reason: `'${name}' ${v.reason}` };
    if (typeof v.value === 'string' || typeof v.value === 'number') return { value: String(v.value) };
    return { reason: `'${name}' is not a string` };
  };
  if (type === 'local') {
    const path = text('path', 'terraform.tfstate');
    if (path.value === undefined) return { state: null, unresolved: path.reason ?? 'unknown' };
    return { state: `local:${resolveFromRoot(path.value, root, absRoot)}` };
  }
  if (type === 'remote' || type === 'cloud') {
    const org = text('organization');
    const host = text('hostname', 'app.terraform.io');
    const ws = settings.workspaces;
    const name =
      ws?.known && ws.value !== null && typeof ws.value === 'object' && !Array.isArray(ws.value)
        ? ws.value.name
        : undefined;
    if (org.value === undefined) return { state: null, unresolved: org.reason ?? 'unknown' };
    if (typeof name !== 'string')
      return {
        state: null,
        unresolved: ws && !ws.known ? `'workspaces' ${ws.reason}` : "'workspaces.name' is not set",
      };
    return { state: `tfc://${host.value}/${org.value}/${name}` };
  }
  const layout = LAYOUT[type];
  if (!layout) {
    const parts: string[] = [];
    for (const [name, value] of Object.entries(settings).sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (!value.known) return { state: null, unresolved: `'${name}' ${value.reason}` };
      parts.push(`${name}=${JSON.stringify(value.value)}`);
    }
    return { state: `${type}:${parts.join(',')}` };
  }
  const values: string[] = [];
  for (const need of layout.needs) {
    const v = text(need.name, need.fallback);
    if (v.value === undefined) return { state: null, unresolved: v.reason ?? 'unknown' };
    values.push(v.value);
  }
  return { state: layout.format(values) };
}

/**
 * An unresolved backend says which backend-config files were looked at, so the missing piece is
 * named: the setting, and where it could have come from.
 */
function withConfigFiles(ref: StateRef, backend: BackendDecl): StateRef {
  if (ref.state !== null) return ref;
  const where = backend.configUnresolved
    ? `; ${backend.configUnresolved}`
    : backend.configFiles.length > 0
      ? ` in the backend block or ${backend.configFiles.join(', ')}`
      : ' in the backend block, and no backend-config file is declared for the root or found beside it (backend.hcl, *.tfbackend)';
  return { ...ref, unresolved: `${ref.unresolved ?? 'unknown'}${where}` };
}

/** Plain values of the statically known scalar settings (for the report). */
export function knownScalars(settings: Settings): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  for (const [name, value] of Object.entries(settings)) {
    if (value.known && (value.value === null || typeof value.value !== 'object')) out[name] = value.value;
  }
  return out;
}

export interface RootState extends StateRef {
  root: TerraformDir;
  backend: BackendDecl;
  summary: BackendSummary;
}

/** The state of every root in the repository (environment or not), by root directory. */
export async function rootStates(repo: Repository): Promise<Map<string, RootState>> {
  const out = new Map<string, RootState>();
  for (const root of repo.roots) {
    const backend = root.backend;
    if (!backend) continue;
    const [rootInstance] = await repo.instances(root.dir);
    if (!rootInstance) continue;
    const settings = settingsOf(backend.block.body, rootInstance.scope, backend.attributes.values());
    const ref = withConfigFiles(stateOf(backend.type, settings, root.dir, repo.rootDir), backend);
    out.set(root.dir, {
      ...ref,
      root,
      backend,
      summary: {
        type: backend.type,
        file: backend.file,
        line: backend.block.typeRange.start.line,
        column: backend.block.typeRange.start.column,
        state: ref.state,
        settings: knownScalars(settings),
        ...(ref.unresolved ? { unresolved: ref.unresolved } : {}),
      },
    });
  }
  return out;
}
