/**
 * Rules about the configuration itself, reported where it is written:
 * - `missing-directory`: a root directory the environment model declares does not exist or
 *   holds no Terraform (renamed, deleted, misspelt): a warning, the rest is still checked;
 * - `allowlist-expired`: an allow-list entry past its last day: the exception has ended, the
 *   findings it allowed stand again, and the entry must be renewed or removed;
 * - `allowlist-unused`: an allow-list entry that allowed nothing (stale or misspelt).
 * The allow-list rules run after every other rule: they read what the allow-list matched.
 */
import { finding, type GuardContext } from '../context.js';
import { isExpired } from '../matcher.js';
import type { Finding } from '../types.js';

export async function checkMissingDirectories(ctx: GuardContext): Promise<Finding[]> {
  const model = ctx.config.model;
  return ctx.envs.flatMap((env) =>
    env.resolved.missing.map(({ entry, reason }) =>
      finding(
        env.name,
        model.file,
        { start: { line: entry.line, column: entry.column } },
        `${env.name} declares the root '${entry.pattern}', which ${reason}; nothing there is guarded (fix or remove the entry)`,
        `missing-directory:${env.name}:${entry.pattern}`,
      ),
    ),
  );
}

const describe = (entry: { literal?: string; rule?: string; path?: string; environment?: string }) =>
  [
    entry.literal !== undefined ? `literal '${entry.literal}'` : '',
    entry.rule !== undefined ? `rule ${entry.rule}` : '',
    entry.path !== undefined ? `path '${entry.path}'` : '',
    entry.environment !== undefined ? `in ${entry.environment}` : '',
  ]
    .filter(Boolean)
    .join(', ');

export async function checkExpiredExceptions(ctx: GuardContext): Promise<Finding[]> {
  return ctx.config.allowlist
    .filter((entry) => isExpired(entry, ctx.now))
    .map((entry) => {
      const count = ctx.allowlist?.references.get(entry)?.afterExpiry.length ?? 0;
      return finding(
        entry.environment ?? null,
        entry.file,
        { start: { line: entry.line, column: entry.column } },
        `allow-list entry (${describe(entry)}) expired on ${entry.expires ?? '?'}: ${count === 0 ? 'it allows nothing any more' : `the ${count} finding(s) it allowed are violations again`}; renew it with a new date or remove it (${entry.reason})`,
        `allowlist-expired:${entry.index}`,
      );
    });
}

export async function checkUnusedExceptions(ctx: GuardContext): Promise<Finding[]> {
  return ctx.config.allowlist
    .filter((entry) => !isExpired(entry, ctx.now) && (ctx.allowlist?.references.get(entry)?.allowed.length ?? 0) === 0)
    .map((entry) =>
      finding(
        entry.environment ?? null,
        entry.file,
        { start: { line: entry.line, column: entry.column } },
        `allow-list entry (${describe(entry)}) allowed nothing: remove it, or fix what it names (${entry.reason})`,
        `allowlist-unused:${entry.index}`,
      ),
    );
}
