import type { Change, PathStep } from './schema.js';

/**
 * Which values of a plan may be shown. One set of rules for the attribute view (attributes.ts)
 * and the redacted plan (redact.ts):
 *
 * - a value marked in `before_sensitive` / `after_sensitive` (`true` on a subtree or a leaf) is
 *   secret, as is any value of an attribute named in SENSITIVE_ATTRIBUTE_NAMES (format 0.1 plans
 *   of Terraform < 0.15 wrote provider-sensitive values such as `password` in clear, and providers
 *   have forgotten to mark some); so is a whole value whose marks mark something but do not fit
 *   its shape (fittedMarks);
 * - a change without sensitivity data (no `*_sensitive` field: format 0.1/0.2 plans, some
 *   hand-made ones; or a side holding a value without marks) is masked conservatively: every string value is hidden unless its attribute is
 *   known to hold no secret (safeWithoutMarks). Numbers and booleans stay visible.
 */

/** Attribute names whose values are secret whatever the plan's sensitivity marks say. */
export const SENSITIVE_ATTRIBUTE_NAMES: ReadonlySet<string> = new Set([
  'password',
  'master_password',
  'admin_password',
  'secret_string',
  'secret_binary',
  'private_key',
  'private_key_pem',
  'private_key_openssh',
  'client_secret',
  'secret_access_key',
  'auth_token',
  'admin_secret',
  'sensitive_content',
]);

export function isSensitiveName(key: PathStep | undefined): boolean {
  return typeof key === 'string' && SENSITIVE_ATTRIBUTE_NAMES.has(key);
}

/**
 * True when the change says which of its values are sensitive (even if none are): it has
 * `before_sensitive` / `after_sensitive`, and each side that holds a value has its marks (a side
 * without them, or with `null`, has nothing that says which of its strings are secret).
 */
export function hasSensitivityData(
  change: Pick<Change, 'before' | 'after' | 'before_sensitive' | 'after_sensitive'>,
): boolean {
  const { before, after, before_sensitive: bs, after_sensitive: as } = change;
  if (bs === undefined && as === undefined) return false;
  return (before == null || bs != null) && (after == null || as != null);
}

/**
 * True when a `*_sensitive` structure marks anything: a `true` anywhere, or any leaf that is not
 * a boolean (`"true"`, `1`: not what Terraform writes, so not taken to mean "not sensitive").
 */
export function hasSensitiveMark(marks: unknown): boolean {
  if (marks === true) return true;
  if (marks === false || marks === null || marks === undefined) return false;
  if (Array.isArray(marks)) return marks.some(hasSensitiveMark);
  if (typeof marks === 'object') return Object.values(marks).some(hasSensitiveMark);
  return true;
}

/**
 * The marks of `value` as the walks over values may follow them: `true` (the whole value is
 * secret) where they mark something but do not fit the value, so that nothing says which part of
 * it is the secret — marks for a map or list on a string, a list of marks on an object (or the
 * other way round), fewer marks than list elements, a mark that is neither a boolean nor a
 * container. Terraform writes marks of the value's own shape; anything else fails closed.
 */
export function fittedMarks(value: unknown, marks: unknown): unknown {
  if (value === null || value === undefined || marks === null || marks === undefined || typeof marks === 'boolean')
    return marks;
  if (typeof marks !== 'object') return true;
  const fits =
    typeof value === 'object' &&
    Array.isArray(value) === Array.isArray(marks) &&
    (!Array.isArray(value) || (marks as unknown[]).length >= value.length);
  return fits || !hasSensitiveMark(marks) ? marks : true;
}

/**
 * Attributes whose string values are identifiers, names or settings, never secrets: shown in
 * changes without sensitivity data. Everything else is masked there.
 */
const SAFE_ATTRIBUTE_NAMES: ReadonlySet<string> = new Set([
  'id',
  'arn',
  'name',
  'name_prefix',
  'type',
  'region',
  'availability_zone',
  'availability_zones',
  'instance_type',
  'instance_class',
  'node_type',
  'ami',
  'image_id',
  'cidr_block',
  'cidr_blocks',
  'ipv6_cidr_block',
  'ipv6_cidr_blocks',
  'engine',
  'engine_version',
  'family',
  'runtime',
  'handler',
  'architectures',
  'bucket',
  'bucket_prefix',
  'acl',
  'key_name',
  'description',
  'status',
  'state',
  'protocol',
  'storage_type',
  'identifier',
  'identifier_prefix',
  'cluster_identifier',
  'db_subnet_group_name',
  'parameter_group_name',
  'option_group_name',
  'security_groups',
  'vpc_security_group_ids',
  'security_group_ids',
  'subnet_ids',
  'role',
  'function_name',
  'domain_name',
  'dns_name',
  'log_group_name',
  'billing_mode',
  'hash_key',
  'range_key',
  'tenancy',
  'monitoring',
  'source_code_hash',
  'etag',
  'version',
]);

/** Containers whose whole content is shown (tags are labels, not secrets). */
const SAFE_SUBTREES: ReadonlySet<string> = new Set(['tags', 'tags_all']);

/** Identifier suffixes (`vpc_id`, `kms_key_arn`, `subnet_ids`) — unless the name sounds secret. */
const IDENTIFIER_SUFFIX = /_(id|ids|arn|arns|name|names)$/;
const SECRET_SOUNDING = /pass|secret|token|private|credential|auth|cert|signature|session|_key$/i;

/** True when a string at `path` (in a change without sensitivity data) may be shown. */
export function safeWithoutMarks(path: readonly PathStep[]): boolean {
  let last: string | undefined;
  for (const step of path) {
    if (typeof step !== 'string') continue;
    if (SAFE_SUBTREES.has(step)) return true;
    last = step;
  }
  if (last === undefined) return false;
  if (SAFE_ATTRIBUTE_NAMES.has(last)) return true;
  return IDENTIFIER_SUFFIX.test(last) && !SECRET_SOUNDING.test(last);
}

/** The text shown for a sensitive value and for a value masked for lack of sensitivity data. */
export const SENSITIVE_TEXT = '(sensitive)';
export const MASKED_TEXT = '(masked)';
