/**
 * tf-plan-comment as a CLI: renders Terraform/OpenTofu plan JSON of one or more roots as the
 * Markdown of the sticky PR comment, or as the JSON report; redacts a plan for upload.
 *
 *   npm run --silent plan-comment -- render --plan NAME=FILE [--plan NAME=FILE …]
 *                                           [--format markdown|json] [--max-chars N] …
 *   npm run --silent plan-comment -- redact --plan FILE [--out FILE]
 *
 * Thin shell over src/plan (parse, summarize, digest, redact) and src/render/plan (Markdown, JSON).
 */
import { writeFile } from 'node:fs/promises';
import { ConfigurationError, errorMessage } from '../src/lib/errors.js';
import { EXIT_OK, oneOf, parseCliArgs, runCli } from '../io/cli.js';
import { readPlanFile } from '../io/plan-file.js';
import {
  DEFAULT_ROUTINE_REPLACEMENTS,
  loadPlans,
  MAX_PLAN_NESTING,
  parsePlan,
  parsePlanSpecs,
  parseRoutineReplacements,
  redactPlan,
} from '../src/plan/index.js';
import {
  createRedactor,
  DEFAULT_HEADER,
  GITHUB_COMMENT_LIMIT,
  MIN_MAX_CHARS,
  renderJson,
  renderMarkdown,
} from '../src/render/plan/index.js';

export const HELP = `Usage: npm run --silent plan-comment -- render --plan NAME=FILE [--plan NAME=FILE …] [options]
       npm run --silent plan-comment -- redact --plan FILE [--out FILE]

render: the plan JSON of one or more roots (\`terraform show -json PLANFILE > FILE\`, or
\`tofu show -json\`; any format_version 0.1–1.x, UTF-8 BOM accepted; HCP Terraform's redacted
JSON; a plan written by \`redact\`) as the Markdown of the pull-request comment (default) or as a
JSON report, on stdout.

  --plan NAME=FILE     a root's name and its plan JSON file; repeat for each root (required)
  --format FORMAT      markdown (default) or json
  --max-chars N        Markdown size budget, default ${GITHUB_COMMENT_LIMIT} (GitHub's comment limit), at least ${MIN_MAX_CHARS}.
                       Over it the report degrades: attribute values left out, then addresses
                       only, then counts only; it says what was left out
  --header TEXT        heading of the comment, default "${DEFAULT_HEADER}" (also names its hidden marker)
  --mask REGEX         redact every match of REGEX in every output; repeatable
  --routine-replacements LIST
                       resource types whose replacement is routine (immutable by design: a new
                       revision on every change), comma- or newline-separated; a prefix may end
                       in *; 'default' is the built-in list, 'none' turns the tier off. Routine
                       replacements are counted in a note, not in the CAUTION block.
                       Default: ${wrap(DEFAULT_ROUTINE_REPLACEMENTS, 23 + 'Default: '.length)}

redact: the plan in FILE with every sensitive value replaced by a marker — values under
before_sensitive/after_sensitive and sensitive_values marks, provider-sensitive attribute names,
sensitive outputs, variables declared sensitive, generated import configuration; changes without
sensitivity data (format 0.1/0.2) masked conservatively — written to --out (default: stdout) as
JSON. It records the digest of the raw plan: \`render\` of the redacted plan shows the digest that
\`infra apply\` computes from the raw re-plan.

  --plan FILE          the raw plan JSON (required)
  --out FILE           where to write the redacted plan (default: stdout)

  -h, --help           this text

JSON (render --format json):
  {"roots":[{"name","counts":{"create","update","delete","replace","read","noop","import","move","forget"},
             "destructive":[address…],"drift":N,"outputs":{"create","update","delete"},"digest":"<sha256 hex>"}]}
  digest: SHA-256 of the plan's resource_changes and output_changes in canonical JSON.

Plans nested deeper than ${MAX_PLAN_NESTING} levels are refused (invalid input).
Exit codes: 0 rendered or redacted; 2 invalid input (one line on stderr naming the file; nothing on
stdout, no output file); 70 internal error (a bug; the line names the file holding the stack trace).
`;

/** A comma-separated list wrapped at 100 columns, continuation lines indented by `indent`. */
function wrap(items: readonly string[], indent: number): string {
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    const next = line ? `${line}, ${item}` : item;
    if (indent + next.length > 100 && line) {
      lines.push(`${line},`);
      line = item;
    } else line = next;
  }
  lines.push(line);
  return lines.join(`\n${' '.repeat(indent)}`);
}

/** The subcommands, as `main` dispatches them. */
export const COMMANDS = ['render', 'redact'] as const;

export async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv.includes('-h') || argv.includes('--help')) {
    process.stdout.write(HELP);
    return EXIT_OK;
  }
  const [command, ...rest] = argv;
  if (command === 'render') return render(rest);
  if (command === 'redact') return redact(rest);
  throw new ConfigurationError(`Unknown command '${command ?? ''}'. Expected: ${COMMANDS.join(' or ')} (see --help).`);
}

async function render(args: string[]): Promise<number> {
  const { values } = parseCliArgs({
    args,
    options: {
      plan: { type: 'string', multiple: true },
      format: { type: 'string' },
      'max-chars': { type: 'string' },
      header: { type: 'string' },
      mask: { type: 'string', multiple: true },
      'routine-replacements': { type: 'string', multiple: true },
    },
  });
  const format = oneOf('--format', values.format, ['markdown', 'json'] as const, 'markdown');
  const maxChars = parseMaxChars(values['max-chars']);
  const redactor = createRedactor(values.mask ?? [], '--mask');
  const routineReplacements = parseRoutineReplacements(values['routine-replacements'] ?? [], '--routine-replacements');
  const specs = parsePlanSpecs(values.plan ?? [], '--plan');
  const roots = await loadPlans(specs, readPlanFile);
  // Everything is rendered before the single write: nothing partial reaches stdout.
  const output =
    format === 'json'
      ? renderJson(roots, redactor)
      : renderMarkdown(roots, {
          maxChars,
          redactor,
          routineReplacements,
          ...(values.header ? { header: values.header } : {}),
        }).markdown;
  process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
  return EXIT_OK;
}

async function redact(args: string[]): Promise<number> {
  const { values } = parseCliArgs({
    args,
    options: { plan: { type: 'string' }, out: { type: 'string' } },
  });
  const file = values.plan;
  if (!file) throw new ConfigurationError('redact: --plan FILE is required (the raw plan JSON).');
  let text: string;
  try {
    text = await readPlanFile(file);
  } catch (error) {
    throw new ConfigurationError(`${file}: cannot read the plan (${errorMessage(error)}).`);
  }
  const { document, redaction, dropped } = redactPlan(parsePlan(text, file), file);
  const json = `${JSON.stringify(document)}\n`;
  if (values.out === undefined) {
    process.stdout.write(json);
    return EXIT_OK;
  }
  try {
    await writeFile(values.out, json, 'utf8');
  } catch (error) {
    throw new ConfigurationError(`${values.out}: cannot write the redacted plan (${errorMessage(error)}).`);
  }
  const notes = [
    `digest ${redaction.digest}`,
    ...(redaction.sensitivity === 'conservative' ? ['no sensitivity data in some changes: masked conservatively'] : []),
    ...(dropped.length
      ? [`left out unknown top-level keys: ${dropped.map((key) => JSON.stringify(key)).join(', ')}`]
      : []),
  ];
  process.stderr.write(`plan-comment: redacted ${file} → ${values.out} (${notes.join('; ')})\n`);
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

if (process.argv[1] && import.meta.filename === process.argv[1]) void runCli('plan-comment', main);
