/**
 * tf-plan-comment as a CLI: renders Terraform/OpenTofu plan JSON of one or more roots as the
 * Markdown of the sticky PR comment, or as the JSON report.
 *
 *   npm run --silent plan-comment -- render --plan NAME=FILE [--plan NAME=FILE …]
 *                                           [--format markdown|json] [--max-chars N]
 *
 * Thin shell over src/plan (parse, summarize, digest) and src/render/plan (Markdown, JSON).
 */
import { readFile } from 'node:fs/promises';
import { ConfigurationError } from '../src/lib/errors.js';
import { EXIT_OK, oneOf, parseCliArgs, runCli } from '../src/lib/cli.js';
import { loadPlans, parsePlanSpecs } from '../src/plan/index.js';
import {
  createRedactor,
  DEFAULT_HEADER,
  GITHUB_COMMENT_LIMIT,
  MIN_MAX_CHARS,
  renderJson,
  renderMarkdown,
} from '../src/render/plan/index.js';

export const HELP = `Usage: npm run --silent plan-comment -- render --plan NAME=FILE [--plan NAME=FILE …] [options]

Renders the plan JSON of one or more roots (\`terraform show -json PLANFILE > FILE\`, or
\`tofu show -json\`; any format_version 0.1–1.x, UTF-8 BOM accepted) as the Markdown of the
pull-request comment (default) or as a JSON report, on stdout.

Options:
  --plan NAME=FILE     a root's name and its plan JSON file; repeat for each root (required)
  --format FORMAT      markdown (default) or json
  --max-chars N        Markdown size budget, default ${GITHUB_COMMENT_LIMIT} (GitHub's comment limit), at least ${MIN_MAX_CHARS}.
                       Over it the report degrades: attribute values left out, then addresses
                       only, then counts only; it says what was left out
  --header TEXT        heading of the comment, default "${DEFAULT_HEADER}" (also names its hidden marker)
  --mask REGEX         redact every match of REGEX in every output; repeatable
  -h, --help           this text

JSON (--format json):
  {"roots":[{"name","counts":{"create","update","delete","replace","read","noop","import","move","forget"},
             "destructive":[address…],"drift":N,"outputs":{"create","update","delete"},"digest":"<sha256 hex>"}]}
  digest: SHA-256 of the plan's resource_changes and output_changes in canonical JSON.

Exit codes: 0 rendered; 2 invalid input (one line on stderr naming the file; nothing on stdout).
`;

export async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv.includes('-h') || argv.includes('--help')) {
    process.stdout.write(HELP);
    return EXIT_OK;
  }
  const [command, ...rest] = argv;
  if (command !== 'render')
    throw new ConfigurationError(`Unknown command '${command ?? ''}'. Expected: render (see --help).`);
  const { values } = parseCliArgs({
    args: rest,
    options: {
      plan: { type: 'string', multiple: true },
      format: { type: 'string' },
      'max-chars': { type: 'string' },
      header: { type: 'string' },
      mask: { type: 'string', multiple: true },
    },
  });
  const format = oneOf('--format', values.format, ['markdown', 'json'] as const, 'markdown');
  const maxChars = parseMaxChars(values['max-chars']);
  const redactor = createRedactor(values.mask ?? [], '--mask');
  const specs = parsePlanSpecs(values.plan ?? [], '--plan');
  const roots = await loadPlans(specs, (file) => readFile(file, 'utf8'));
  // Everything is rendered before the single write: nothing partial reaches stdout.
  const output =
    format === 'json'
      ? renderJson(roots, redactor)
      : renderMarkdown(roots, { maxChars, redactor, ...(values.header ? { header: values.header } : {}) }).markdown;
  process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
  return EXIT_OK;
}

function parseMaxChars(value: string | undefined): number {
  if (value === undefined) return GITHUB_COMMENT_LIMIT;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < MIN_MAX_CHARS) {
    throw new ConfigurationError(
      `Invalid --max-chars '${value}'. Expected a whole number of at least ${MIN_MAX_CHARS}.`,
    );
  }
  return n;
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  await runCli('plan-comment', main);
}
