/**
 * `parse-error`: a `.tf` or `.tfvars` file that HashiCorp's parser rejects, at the line and
 * column it names. The other rules still analyse every file (tree-sitter recovers a partial
 * syntax tree; the identifier scan falls back to the file's plain text).
 */
import { finding, type GuardContext } from '../context.js';
import type { Finding } from '../types.js';

export async function checkParseErrors(ctx: GuardContext): Promise<Finding[]> {
  const files = [...ctx.repo.dirs.values()].flatMap((d) => d.files);
  const tfvars = await Promise.all(
    ctx.repo.files.filter((f) => !f.symlink && f.path.endsWith('.tfvars')).map((f) => ctx.repo.parse(f.path)),
  );
  const results = await Promise.all(
    [...files, ...tfvars].map(async (file) => ({ file, result: await file.hashicorp() })),
  );
  const findings: Finding[] = [];
  for (const { file, result } of results) {
    if (result.ok) continue;
    findings.push(
      finding(
        ctx.envOfPath(file.path)?.name ?? null,
        file.path,
        { start: { line: result.error.line, column: result.error.column } },
        `does not parse: ${firstDiagnostic(result.error.message, file.path)}`,
        `${file.path}|parse`,
      ),
    );
  }
  return findings;
}

/** HashiCorp joins several diagnostics into one message; keep the first. */
function firstDiagnostic(message: string, path: string): string {
  const next = message.indexOf(` ${path}:`);
  return (next === -1 ? message : message.slice(0, next)).replace(/[.;:\s]+$/, '');
}
