/**
 * `parse-error`: a configuration file Terraform would read — `.tf`, `.tf.json`, `.tfvars`,
 * `.tfvars.json`, a root's backend-config files — that does not parse (at the line and column
 * the parser names), or that the guard did not parse at all: binary content, larger than the
 * size limit, nested deeper than the parsers can take. The guard cannot vouch for such a file,
 * so it is an error. The other rules still analyse every file (tree-sitter recovers a partial
 * syntax tree; the identifier scan falls back to the file's plain text).
 */
import type { HclFile } from '../../hcl/index.js';
import { finding, type GuardContext } from '../context.js';
import type { Finding } from '../types.js';

const VALUES_FILE = /\.tfvars(\.json)?$/;

export async function checkParseErrors(ctx: GuardContext): Promise<Finding[]> {
  const seen = new Set<string>();
  const files: HclFile[] = [];
  const add = (file: HclFile) => {
    if (seen.has(file.path)) return;
    seen.add(file.path);
    files.push(file);
  };
  for (const dir of ctx.repo.dirs.values()) dir.files.forEach(add);
  const others = [
    ...ctx.repo.files.filter((f) => VALUES_FILE.test(f.path)).map((f) => f.path),
    ...ctx.repo.roots.flatMap((r) => r.backend?.configFiles ?? []),
  ];
  for (const file of await Promise.all(others.map((path) => ctx.repo.parse(path)))) add(file);
  const results = await Promise.all(files.map(async (file) => ({ file, result: await file.validity() })));
  const findings: Finding[] = [];
  for (const { file, result } of results) {
    if (result.ok) continue;
    const { error } = result;
    findings.push(
      finding(
        ctx.envOfPath(file.path)?.name ?? null,
        file.path,
        { start: { line: error.line, column: error.column } },
        error.parser === 'limits'
          ? `not analysed: ${error.message}`
          : `does not parse: ${firstDiagnostic(error.message, file.path)}`,
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
