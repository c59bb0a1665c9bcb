/**
 * Checks of what resources declare, beyond the repository's structure (the `hcl` stage):
 * replacements that cannot succeed (fixed names with create_before_destroy), IAM grants to
 * identities the configuration does not create, and the settings checkov cannot evaluate here
 * (ALB access logs, read-only container root filesystems) or does not know (S3 lifecycle
 * filters). Pure: works on the repository model and, for the name/prefix pairs, on what the
 * caller read from the provider schemas.
 *
 * A finding can be accepted where it is, with its reason, by a comment on the line above the
 * reported line (or at the end of it), as tflint's `tflint-ignore` works:
 *   # hcl-check-accept create-before-destroy-fixed-name: <why this cannot bite here>
 * An acceptance without a reason does not count.
 */
import type { Repository } from '../repo/index.js';
import { policiesOnForeignIdentities } from './iam-identities.js';
import { policyFindings } from './policies.js';
import { fixedNamesWithCreateBeforeDestroy, type PrefixPairs } from './replacement.js';
import { sortFindings } from './structure.js';

export type ResourceCheck =
  | 'create-before-destroy-fixed-name'
  | 'iam-policy-on-foreign-identity'
  | 'alb-access-logs'
  | 'ecs-readonly-root-filesystem'
  | 's3-lifecycle-filter';

export interface ResourceFinding {
  check: ResourceCheck;
  file: string;
  line: number;
  column: number;
  message: string;
  /** The reason of the `hcl-check-accept` comment that accepts it, if any. */
  accepted?: string;
}

const ACCEPT = /(?:#|\/\/)\s*hcl-check-accept\s+([a-z0-9-]+)\s*:\s*(\S.*?)\s*$/;

/** The reason a comment on `line` or the line above gives for accepting `check` there. */
export function acceptance(text: string, line: number, check: string): string | undefined {
  const lines = text.split(/\r?\n/);
  for (const candidate of [lines[line - 2], lines[line - 1]]) {
    const match = candidate === undefined ? null : ACCEPT.exec(candidate);
    if (match?.[1] === check && match[2]) return match[2];
  }
  return undefined;
}

export async function checkResources(
  repo: Pick<Repository, 'dirs' | 'roots' | 'instances'>,
  options: { prefixPairs: PrefixPairs },
): Promise<ResourceFinding[]> {
  const raw = [
    ...[...repo.dirs.values()].flatMap((dir) => [
      ...fixedNamesWithCreateBeforeDestroy(dir, options.prefixPairs),
      ...policyFindings(dir),
    ]),
    ...(await policiesOnForeignIdentities(repo)),
  ];
  const texts = new Map([...repo.dirs.values()].flatMap((d) => d.files.map((f) => [f.path, f.text] as const)));
  return sortFindings(
    raw.map(({ check, file, range, message }) => {
      const accepted = acceptance(texts.get(file) ?? '', range.start.line, check);
      return {
        check,
        file,
        line: range.start.line,
        column: range.start.column,
        message,
        ...(accepted ? { accepted } : {}),
      };
    }),
  );
}

/**
 * The `<attr>`/`<attr>_prefix` pairs of every resource type in `providers schema -json` style
 * documents (`provider_schemas.<source>.resource_schemas.<type>.block.attributes`), counting
 * only attributes a configuration may set.
 */
export function prefixPairsFromSchemas(documents: readonly unknown[]): PrefixPairs {
  const pairs = new Map<string, string[]>();
  for (const doc of documents) {
    const providers = (doc as { provider_schemas?: Record<string, { resource_schemas?: Record<string, unknown> }> })
      .provider_schemas;
    for (const provider of Object.values(providers ?? {})) {
      for (const [type, schema] of Object.entries(provider.resource_schemas ?? {})) {
        const attributes =
          (schema as { block?: { attributes?: Record<string, { optional?: boolean; required?: boolean }> } }).block
            ?.attributes ?? {};
        const settable = (a: string) => attributes[a]?.optional === true || attributes[a]?.required === true;
        const found = Object.keys(attributes).filter((a) => settable(a) && settable(`${a}_prefix`));
        if (found.length > 0) pairs.set(type, found.sort());
      }
    }
  }
  return (type) => pairs.get(type) ?? [];
}
